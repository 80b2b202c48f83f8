// TEMPORARY: the CLI is being written.
console.error("hoplock: not ready yet");
process.exit(2);
