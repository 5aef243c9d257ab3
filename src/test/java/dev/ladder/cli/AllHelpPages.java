package dev.ladder.cli;

import picocli.CommandLine;

/**
 * Prints {@code ladder --help} and every subcommand's {@code --help} in one JVM, exiting with the worst exit
 * code. Run by {@link HelpTest} in a fresh process, because picocli reports a bad format string on the
 * {@code System.err} it saw when it was first loaded, not on the command line's error writer.
 */
final class AllHelpPages {

    private AllHelpPages() {
    }

    public static void main(String[] args) {
        int worst = Main.run("--help");
        for (String sub : new CommandLine(new Main()).getSubcommands().keySet()) {
            worst = Math.max(worst, Main.run(sub, "--help"));
        }
        System.exit(worst);
    }
}
