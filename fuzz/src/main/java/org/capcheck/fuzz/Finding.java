package org.capcheck.fuzz;

import java.nio.file.Path;
import java.util.List;

/**
 * A failure a campaign found, shrunk.
 *
 * @param violation     the violation the shrunk sequence shows (its step indexes the shrunk sequence)
 * @param foundAfter    the invocations the campaign had made when it saw the failure
 * @param originalSteps the length of the failing run before shrinking
 * @param steps         the shrunk sequence, one readable line per step
 * @param reproducer    the file written, or null if none could be
 * @param replayCommand the command that reproduces it, or null
 */
public record Finding(Violation violation, long foundAfter, int originalSteps, List<String> steps, Path reproducer,
                      String replayCommand) {
}
