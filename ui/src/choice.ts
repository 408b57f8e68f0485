// A <select>'s value read back as one of the options it was given: the DOM hands back a
// string, and this finds the typed option it came from instead of casting the string.

export function oneOf<T extends string>(options: readonly T[], value: string): T | undefined {
  return options.find((o) => o === value);
}
