package dev.seqae.cli;

import picocli.CommandLine;

/** {@code seqae --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"seqae " + dev.seqae.model.Provenance.currentAppVersion()};
    }
}
