/**
 * What a run shows on stderr: the progress listeners (plain lines, a redrawn terminal display) and the
 * end-of-run summary and dry-run plan printers. Stdout stays for data.
 */
package io.rethinkmigrate.cli.progress;
