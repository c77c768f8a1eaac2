// TypeDoc plugin loaded by typedoc.base.mjs. Codegen writes src/generated/ from the OpenAPI/AsyncAPI specs: a member
// there is documented only where the spec gives a description (thousands of schema properties have none), and a hand
// edit would be overwritten by the next `generate`. (The runtime helpers codegen copies there verbatim are documented
// in packages/codegen/src/runtime/, which codegen's own docs task checks.) So the undocumented members of generated
// code are added to `intentionallyNotDocumented` before validation; everything else stays required to be documented.
// The names are computed rather than listed because each spec update changes them.
import { Converter, ReflectionKind } from 'typedoc';

/** Whether TypeDoc's notDocumented validation would report `reflection` (same kinds and comment rules). */
function wouldBeReported(reflection, kinds) {
  if (!reflection.kindOf(kinds)) return false;
  // Members of a parameter's type are not checked (and a name listed but unused is itself a warning).
  for (let parent = reflection.parent; parent; parent = parent.parent)
    if (parent.kindOf(ReflectionKind.Parameter)) return false;
  if (reflection.hasComment()) return false;
  if (reflection.kindOf(ReflectionKind.SomeSignature) && reflection.parent?.hasComment()) return false;
  // A declaration with signatures is reported through its signatures.
  return !(reflection.kindOf(ReflectionKind.SignatureContainer) && reflection.getNonIndexSignatures?.().length);
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const { project } = context;
    let kinds = 0;
    for (const kind of app.options.getValue('requiredToBeDocumented')) kinds |= ReflectionKind[kind];
    // As in TypeDoc's validation: methods, constructors and accessors are checked on their signatures.
    if (kinds & ReflectionKind.FunctionOrMethod) kinds |= ReflectionKind.CallSignature;
    if (kinds & ReflectionKind.Constructor) kinds |= ReflectionKind.ConstructorSignature;
    if (kinds & ReflectionKind.Accessor) kinds |= ReflectionKind.GetSignature | ReflectionKind.SetSignature;
    const names = new Set(app.options.getValue('intentionallyNotDocumented'));
    for (const reflection of Object.values(project.reflections)) {
      const id = project.getSymbolIdFromReflection(reflection);
      if (id?.packagePath.startsWith('src/generated/') && wouldBeReported(reflection, kinds))
        names.add(reflection.getFriendlyFullName());
    }
    app.options.setValue('intentionallyNotDocumented', [...names]);
  });
}
