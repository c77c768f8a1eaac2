// Security schemes (`components.securitySchemes`, OpenAPI and AsyncAPI alike): one removed locks its users out, one
// added is safe, one changed (header name, type or location) may refuse the credentials a client sends. Prose is
// not compared.
import { inlineRefs } from './diff-operations';
import type { Emit } from './schema-diff';

type Doc = Record<string, unknown>;

export function compareSecuritySchemes(before: Doc, after: Doc, emit: Emit): void {
  const schemes = (doc: Doc) => ((doc.components as Doc | undefined)?.securitySchemes ?? {}) as Record<string, unknown>;
  const [oldSchemes, newSchemes] = [schemes(before), schemes(after)];
  for (const [name, scheme] of Object.entries(oldSchemes)) {
    const where = `components.securitySchemes.${name}`;
    if (!Object.hasOwn(newSchemes, name)) emit('security-scheme-removed', 'request', where, 'security scheme removed');
    else if (JSON.stringify(inlineRefs(before, scheme)) !== JSON.stringify(inlineRefs(after, newSchemes[name])))
      emit('security-scheme-changed', 'request', where, 'security scheme changed (header name, type or location)');
  }
  for (const name of Object.keys(newSchemes))
    if (!Object.hasOwn(oldSchemes, name))
      emit('security-scheme-added', 'request', `components.securitySchemes.${name}`, 'security scheme added');
}
