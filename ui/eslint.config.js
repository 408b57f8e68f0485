// Lint rules for the UI: TypeScript's recommended checks with type information, and React's
// rules of hooks (a hook's dependencies are listed, hooks are not called conditionally).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "src/bindings"] },
  {
    files: ["src/**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "react-hooks/exhaustive-deps": "error",
      // A page never imports another page: what two pages share lives outside pages/.
      "no-restricted-imports": ["error", { patterns: [{ group: ["./*", "!./*.css"], message: "a page does not import another page: move what they share out of pages/" }] }],
    },
  },
  {
    // Outside pages/, modules import their neighbours freely.
    files: ["src/*.{ts,tsx}", "src/components/**/*.{ts,tsx}", "src/i18n/**/*.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
