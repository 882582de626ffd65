package io.rethinkmigrate.cli.options;

import picocli.CommandLine.Option;

/**
 * `--verify` of dump and restore: the archive just written or restored is compared with the cluster, as
 * `verify FILE` compares them. Each command refuses it where there is no archive file to read again.
 */
public final class VerifyAfterOption {
    @Option(names = "--verify", description = "when the dump or restore is done, compare the archive with the cluster "
            + "(as `verify`; exit 10 when they differ); needs an archive file (dump: -f FILE; restore: FILE, not stdin, "
            + "and no --rename)")
    public boolean verify;
}
