// The module hooks of signalDuringImport.mjs (they run on Node's loader thread).
let pid = 0;
let hasSignalled = false;

export function initialize(data) {
  pid = data.pid;
}

export async function resolve(specifier, context, nextResolve) {
  if (!hasSignalled && specifier.endsWith('dist/cli/main.js')) {
    hasSignalled = true;
    process.kill(pid, 'SIGTERM');
  }
  return nextResolve(specifier, context);
}
