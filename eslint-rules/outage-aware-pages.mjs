// @ts-check
/**
 * k2/outage-aware-pages: every server-rendered page, layout and generateMetadata that can wait on something (is async)
 * is wrapped in outageAwarePage() (lib/server/action-outage.ts), so that a database outage at any point of its render
 * sends the user to the 503 "database unavailable" page instead of the error page (a 500). Async server components
 * anywhere else in app/ and components/ are flagged too: they render apart from their page's function, so the
 * page's wrapper does not see their errors.
 *
 * Files with 'use client' are skipped (they never read the database). Route handlers and server actions (.ts) have
 * their own outage handling (withApi(), unlessDatabaseDown(), orUnavailablePage()) and are not in this rule's files.
 */
import path from 'node:path';

const WRAPPER = 'outageAwarePage';
/** Next's special files whose default export is rendered as a page, layout or boundary. */
const SPECIAL = /^(page|layout|template|default|not-found|global-not-found|forbidden|unauthorized)\.[jt]sx?$/;
const GENERATED = new Set(['generateMetadata', 'generateViewport']);

/** @param {import('estree').Node | null | undefined} node */
function isWrapperCall(node) {
  return node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === WRAPPER;
}

/** @param {import('estree').Node | null | undefined} node */
function isFunction(node) {
  return node?.type === 'FunctionDeclaration' || node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression';
}

/** @type {import('eslint').Rule.RuleModule} */
export const outageAwarePages = {
  meta: {
    type: 'problem',
    docs: { description: 'Async server pages, layouts, generateMetadata and server components go through outageAwarePage().' },
    schema: [],
    messages: {
      defaultExport:
        'Export this {{kind}} as `export default outageAwarePage(async function Name(…) {…})` (lib/server/action-outage.ts): without it a database outage during its reads shows the error page (500) instead of the 503 "database unavailable" page.',
      generated: 'Write `export const {{name}} = outageAwarePage(async function {{name}}(…) {…})` (lib/server/action-outage.ts), as for the page itself.',
      component:
        'An async server component renders apart from its page, so the page\'s outageAwarePage() does not see a database outage in it: load its data in the page, or wrap it as `const {{name}} = outageAwarePage(async function {{name}}(…) {…})`.',
    },
  },
  create(context) {
    const special = SPECIAL.test(path.basename(context.filename));
    const kind = path.basename(context.filename).replace(/\.[jt]sx?$/, '');
    let client = false;
    return {
      Program(program) {
        client = program.body.some((statement) => statement.type === 'ExpressionStatement' && 'directive' in statement && statement.directive === 'use client');
      },
      ExportDefaultDeclaration(node) {
        if (client || !special) return;
        const declaration = /** @type {import('estree').Node} */ (node.declaration);
        if (isWrapperCall(declaration)) return;
        // A plain (not async) component cannot wait on the database; its async children are checked below.
        if (isFunction(declaration) && !(/** @type {import('estree').Function} */ (declaration).async)) return;
        context.report({ node, messageId: 'defaultExport', data: { kind } });
      },
      ExportNamedDeclaration(node) {
        if (client || !special || !node.declaration) return;
        const { declaration } = node;
        if (declaration.type === 'FunctionDeclaration' && declaration.id && GENERATED.has(declaration.id.name) && declaration.async) {
          context.report({ node, messageId: 'generated', data: { name: declaration.id.name } });
        }
        if (declaration.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type !== 'Identifier' || !GENERATED.has(declarator.id.name) || isWrapperCall(declarator.init)) continue;
            if (isFunction(declarator.init) && !(/** @type {import('estree').Function} */ (declarator.init).async)) continue;
            context.report({ node: declarator, messageId: 'generated', data: { name: declarator.id.name } });
          }
        }
      },
      ':function[async=true]'(/** @type {import('estree').Function & import('eslint').Rule.NodeParentExtension} */ node) {
        if (client) return;
        const parent = node.parent;
        if (isWrapperCall(parent)) return;
        // A special file's default export is reported (once) above.
        if (special && parent.type === 'ExportDefaultDeclaration') return;
        const name = node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' ? node.id?.name : undefined;
        const bound = parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
        const componentName = [name, bound].find((n) => n && /^[A-Z]/.test(n));
        if (componentName) context.report({ node, messageId: 'component', data: { name: componentName } });
      },
    };
  },
};

const plugin = { rules: { 'outage-aware-pages': outageAwarePages } };
export default plugin;
