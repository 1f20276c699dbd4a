import { DataDirInUseError, lockDataDir } from '../../src/db/data-dir-lock.js';

// Child process for tests/data-dir-lock.test.ts: waits for a line on stdin (so that several
// children try at the same moment), takes the lock of the folder in argv[2], prints "locked"
// or the refusal, and holds the lock until it is killed or stdin closes.
process.stdin.once('data', async () => {
  try {
    await lockDataDir(process.argv[2]!, 'a test holder');
    console.log('locked');
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    console.log(`refused: ${error.message}`);
  }
});
console.log('ready');
