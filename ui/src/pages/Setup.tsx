// First-run setup (and, from Cài đặt, editing the header and signer): the unit from the
// catalogue, its parent, the document header and the signer.

import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { commands, errorMessage } from "../api";
import type { Installation, Level, SetupInput, Unit } from "../bindings/types";
import { NewOwnUnit, isOwnLevel } from "../components/NewOwnUnit";
import { UnitPicker } from "../components/UnitPicker";
import { chooseUnitList } from "../files";
import { t } from "../i18n/vi";
import { ErrorBanner } from "../components/GuideLink";

type FormValues = {
  parentBody: string;
  issuingBody: string;
  symbol: string;
  place: string;
  signerAuthority: string;
  signerTitle: string;
  signerName: string;
  clerkName: string;
};

type Props = { existing: Installation | null; onDone: () => void; onBack: () => void };

export function Setup({ existing, onDone, onBack }: Props) {
  const [levels, setLevels] = useState<Level[]>([]);
  const [level, setLevel] = useState<string>(existing?.unit.level ?? "xa");
  const [unit, setUnit] = useState<Unit | null>(existing?.unit ?? null);
  const [parent, setParent] = useState<{ id: string | null; name: string | null }>({
    id: existing?.parent?.id ?? null,
    name: existing?.parent?.name ?? null,
  });
  const [choosingParent, setChoosingParent] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [unitError, setUnitError] = useState(false);
  // Bumped after a unit list is imported, so the picker asks again.
  const [catalogueVersion, setCatalogueVersion] = useState(0);

  const importList = async () => {
    try {
      const path = await chooseUnitList();
      if (!path) return;
      await commands.import_units(path);
      setCatalogueVersion((v) => v + 1);
      setServerError(null);
    } catch (e) {
      setServerError(errorMessage(e));
    }
  };

  const { register, handleSubmit, reset, formState } = useForm<FormValues>({
    defaultValues: existing
      ? {
          parentBody: existing.header.parent_body.join("\n"),
          issuingBody: existing.header.issuing_body,
          symbol: existing.header.symbol,
          place: existing.header.place,
          signerAuthority: existing.header.signer_authority,
          signerTitle: existing.header.signer_title,
          signerName: existing.header.signer_name,
          clerkName: existing.clerk_name,
        }
      : undefined,
  });

  useEffect(() => {
    commands.levels().then(setLevels).catch((e) => setServerError(errorMessage(e)));
  }, []);

  const chooseUnit = async (u: Unit) => {
    setUnit(u);
    setUnitError(false);
    try {
      const d = await commands.header_defaults(u.id);
      setParent({ id: d.parent_unit_id, name: u.parent_name });
      const h = d.header;
      reset({
        parentBody: h.parent_body.join("\n"),
        issuingBody: h.issuing_body,
        symbol: h.symbol,
        place: h.place,
        signerAuthority: h.signer_authority,
        signerTitle: h.signer_title,
        signerName: h.signer_name,
        clerkName: "",
      });
    } catch (e) {
      setServerError(errorMessage(e));
    }
  };

  const onSubmit = async (v: FormValues) => {
    if (!unit) {
      setUnitError(true);
      return;
    }
    const input: SetupInput = {
      unit_id: unit.id,
      parent_unit_id: parent.id,
      header: {
        parent_body: v.parentBody.split("\n"),
        issuing_body: v.issuingBody,
        symbol: v.symbol,
        place: v.place,
        signer_authority: v.signerAuthority,
        signer_title: v.signerTitle,
        signer_name: v.signerName,
      },
      clerk_name: v.clerkName,
    };
    try {
      await commands.setup(input);
      onDone();
    } catch (e) {
      setServerError(errorMessage(e));
    }
  };

  const unitRank = levels.find((l) => l.code === level)?.rank ?? 99;
  const field = (name: keyof FormValues, label: string, opts: { required?: boolean; hint?: string; multiline?: boolean } = {}) => (
    <label className="field">
      <span className="label">{label}</span>
      {opts.multiline ? (
        <textarea rows={2} data-testid={`field-${name}`} {...register(name, { required: opts.required && t.setup.required(label) })} />
      ) : (
        <input data-testid={`field-${name}`} {...register(name, { required: opts.required && t.setup.required(label) })} />
      )}
      {opts.hint && <span className="hint">{opts.hint}</span>}
      {formState.errors[name] && (
        <span className="field-error" role="alert">
          {formState.errors[name]?.message}
        </span>
      )}
    </label>
  );

  return (
    <main className="page setup">
      <h1>{t.setup.title}</h1>
      <ErrorBanner message={serverError} testId="setup-error" />
      <form onSubmit={handleSubmit(onSubmit)} noValidate>
        <section>
          <h2>{t.setup.unitSection}</h2>
          {existing ? (
            <p className="chosen" data-testid="chosen-unit">{existing.unit.name} ({existing.unit.code})</p>
          ) : (
            <>
              <label className="field inline">
                <span className="label">{t.setup.level}</span>
                <select data-testid="level" value={level} onChange={(e) => (setLevel(e.target.value), setUnit(null))}>
                  {levels.map((l) => (
                    <option key={l.code} value={l.code}>{l.name}</option>
                  ))}
                </select>
              </label>
              <UnitPicker key={catalogueVersion} testId="unit-picker" level={level} selectedId={unit?.id ?? null} onSelect={chooseUnit} />
              {isOwnLevel(level) && !unit && <NewOwnUnit level={level} onDefined={(u) => void chooseUnit(u)} />}
              <button type="button" className="link" onClick={importList}>{t.setup.otherList}</button>
              {unit && <p className="chosen" data-testid="chosen-unit">{t.setup.chosen}: {unit.name} ({unit.code})</p>}
              {unitError && <span className="field-error" role="alert">{t.setup.unitRequired}</span>}
            </>
          )}
        </section>

        <section>
          <h2>{t.setup.parentSection}</h2>
          <p>
            <strong data-testid="parent-name">{parent.name ?? t.setup.parentNone}</strong>
            <span className="hint"> — {t.setup.parentHint}</span>
          </p>
          <button type="button" className="secondary" onClick={() => setChoosingParent(!choosingParent)}>{t.setup.changeParent}</button>
          {choosingParent && (
            <UnitPicker
              testId="parent-picker"
              level={levels.find((l) => l.rank === unitRank - 1)?.code ?? null}
              selectedId={parent.id}
              onSelect={(p) => (setParent({ id: p.id, name: p.name }), setChoosingParent(false))}
            />
          )}
        </section>

        <section className="grid">
          <h2>{t.setup.headerSection}</h2>
          {field("parentBody", t.setup.parentBody, { multiline: true })}
          {field("issuingBody", t.setup.issuingBody, { required: true })}
          {field("symbol", t.setup.symbol, { hint: t.setup.symbolHint })}
          {field("place", t.setup.place, { required: true })}
        </section>

        <section className="grid">
          <h2>{t.setup.signerSection}</h2>
          {field("signerAuthority", t.setup.signerAuthority)}
          {field("signerTitle", t.setup.signerTitle, { required: true })}
          {field("signerName", t.setup.signerName, { required: true })}
          {field("clerkName", t.setup.clerkName, { required: true, hint: t.setup.clerkHint })}
        </section>

        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>{t.setup.back}</button>
          <button type="submit" className="primary" data-testid="setup-submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t.setup.saving : t.setup.submit}
          </button>
        </div>
      </form>
    </main>
  );
}
