// Preloaded (node --import) into a run of the launcher by inputKinds.test.ts: sends the process SIGTERM
// at the moment the launcher asks for the compiled CLI, so that the signal lands while the CLI is being
// imported. A launcher that installs its handlers only after that import is killed by it with no message.
import { register } from 'node:module';

register('./signalDuringImport.hooks.mjs', import.meta.url, { data: { pid: process.pid } });
