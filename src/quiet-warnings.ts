/**
 * Imported first by main.ts: Node's own warnings (`(node:PID) ExperimentalWarning: …`, MaxListenersExceeded,
 * deprecations) never reach stderr, where orchestrators show every line to the user as if it were ours and
 * some treat any stderr as a failure. Node prints them from its default `warning` listener, on a later tick
 * than they are emitted, so removing that listener here silences those emitted at start-up too.
 */
process.removeAllListeners('warning');
