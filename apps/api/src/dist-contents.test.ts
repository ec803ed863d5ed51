import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import ts from 'typescript';

// What `pnpm build` (tsc -p tsconfig.build.json) puts in apps/api/dist, worked out from the same
// program tsc builds, without emitting: production code and nothing else. No test, no test helper,
// no stand-in; the stand-ins package (a devDependency) is reached only by the one lazy loader.

const API_DIR = resolve(__dirname, '..');
const LOADER = 'src/lib/stand-ins.ts';
const STAND_INS = /['"]@aiceo\/stand-ins(\/[^'"]*)?['"]/;

const buildProgram = () => {
  const config = ts.getParsedCommandLineOfConfigFile(resolve(API_DIR, 'tsconfig.build.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.build.json could not be read');
  return ts.createProgram({ rootNames: config.fileNames, options: config.options });
};

describe('what the build emits into apps/api/dist', () => {
  const program = buildProgram();
  // The files tsc writes to dist: the program's own sources (JSON too), not libraries' or declarations.
  const emitted = program
    .getSourceFiles()
    .filter((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file))
    .map((file) => ({ path: relative(API_DIR, file.fileName).split('\\').join('/'), text: file.text }));

  it('when the API is built, then it emits only its own production sources', () => {
    expect(emitted.length).toBeGreaterThan(50);
    expect(emitted.filter((file) => !file.path.startsWith('src/')).map((file) => file.path)).toEqual([]);
    const suspicious = emitted
      .map((file) => file.path)
      .filter((path) => /\.test\.ts$|\/testing\/|stand-in|-local\/|fake-ai|fixtures/.test(path))
      .filter((path) => path !== LOADER);
    expect(suspicious).toEqual([]);
  });

  it('when the API is built, then only the lazy loader reaches the stand-ins, through a dynamic import', () => {
    // A type-only import is erased; any other static import or require would put the package on a production path.
    const importsOf = (text: string) =>
      text
        .split('\n')
        .filter((line) => STAND_INS.test(line))
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && !/^\s*import type /.test(line));
    const reaching = emitted.filter((file) => importsOf(file.text).length > 0).map((file) => file.path);
    expect(reaching).toEqual([LOADER]);
    const loader = emitted.find((file) => file.path === LOADER);
    expect(importsOf(loader?.text ?? '').every((line) => /await import\(/.test(line))).toBe(true);
  });

  it('when the API is installed for production, then the stand-ins are not among its dependencies', () => {
    const manifest = JSON.parse(readFileSync(resolve(API_DIR, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain('@aiceo/stand-ins');
    expect(manifest.devDependencies['@aiceo/stand-ins']).toBe('workspace:*');
    // The image keeps production dependencies only, copies no stand-ins, and checks that none is left.
    const dockerfile = readFileSync(resolve(API_DIR, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/install --prod/);
    expect(dockerfile).toMatch(/test ! -e apps\/api\/node_modules\/@aiceo\/stand-ins/);
    expect(dockerfile.split('\n').filter((line) => /^COPY .*stand-ins/.test(line))).toEqual([]);
  });
});
