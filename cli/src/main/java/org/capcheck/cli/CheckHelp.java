package org.capcheck.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code capcheck check --help} with its options grouped by what they apply to: the search (every
 * model), the local model (the default, also {@code check local}), the other models (their own
 * subcommands), and harnesses.
 */
final class CheckHelp {
    private static final Set<String> HARNESS = Set.of("--harness", "--engine", "--jpf-home");

    private CheckHelp() {
    }

    /** Replaces the option list of {@code check}'s usage help with the grouped one. */
    static void install(CommandLine check) {
        check.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, CheckHelp::render);
        check.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
    }

    private static String render(Help help) {
        List<OptionSpec> local = new ArrayList<>(help.commandSpec().mixins().get(CheckCommand.LOCAL).options());
        List<OptionSpec> search = new ArrayList<>();
        List<OptionSpec> harness = new ArrayList<>();
        for (OptionSpec o : help.commandSpec().options()) {
            if (local.contains(o)) {
                continue;
            }
            (HARNESS.contains(o.longestName()) ? harness : search).add(o);
        }
        StringBuilder out = new StringBuilder();
        section(out, help, "Search options (every model; they may stand before or after the model's name):", search);
        section(out, help, "Local model options (the default model; also 'capcheck check local ...'):", local);
        out.append("Other models take their own options: 'capcheck check two-phase-commit --help' (--rms N).\n\n");
        section(out, help, "Harness options (instead of a model; see docs/jpf.md):", harness);
        return out.toString();
    }

    private static void section(StringBuilder out, Help help, String heading, List<OptionSpec> options) {
        Help.Layout layout = help.createDefaultLayout();
        for (OptionSpec o : options) {
            if (!o.hidden()) {
                layout.addOption(o, help.parameterLabelRenderer());
            }
        }
        out.append(heading).append('\n').append(layout).append('\n');
    }
}
