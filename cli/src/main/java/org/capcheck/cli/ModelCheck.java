package org.capcheck.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.capcheck.engine.Model;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A model's subcommand of {@code capcheck check}: its own options make the model; the options of the
 * search ({@code --strategy}, {@code --workers}, bounds, {@code --json}, ...) are the parent's, inherited
 * so they may stand before or after the model's name. Adding a model is a subclass and one line in
 * {@link CheckCommand}'s list of subcommands.
 */
public abstract class ModelCheck implements Callable<Integer> {

    @ParentCommand
    CheckCommand check;

    @Spec
    CommandSpec spec;

    /** Builds the model from this command's options; throws a SettingException naming the field at fault. */
    protected abstract Model<?, ?> model();

    /**
     * Whether to reduce by the permutations the model declares ({@link Model#permutations}): a model's
     * {@code --symmetry} option. Off unless a subclass offers the option.
     */
    protected boolean symmetry() {
        return false;
    }

    /** Where the user asked the model's file of {@code kind} to go ({@code --captrace}, say), or null. */
    protected Path artifactPath(String kind) {
        return null;
    }

    @Override
    public Integer call() {
        if (check.harness != null) {
            throw CheckCommand.usage(spec, "--harness checks a harness, not the " + spec.name() + " model");
        }
        // The local model's options, given before a model's name, belong to the check with no model.
        CommandSpec parent = spec.parent();
        for (OptionSpec o : parent.mixins().get(CheckCommand.LOCAL).options()) {
            if (parent.commandLine().getParseResult().hasMatchedOption(o)) {
                throw CheckCommand.usage(spec, o.longestName() + " applies to the local model, not to "
                        + spec.name() + (spec.name().equals("local") ? " (give it after the model's name)" : ""));
            }
        }
        return check.checkModel(spec, spec.name(), this::model, this::artifactPath, symmetry());
    }
}
