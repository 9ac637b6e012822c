package org.capcheck.jpf;

import gov.nasa.jpf.Config;
import gov.nasa.jpf.search.Search;
import gov.nasa.jpf.search.SearchListenerAdapter;
import gov.nasa.jpf.vm.ChoiceGenerator;

/**
 * capcheck's search listener inside Java PathFinder (named by the generated .jpf's {@code listener} and
 * loaded from its {@code native_classpath}): it runs in JPF's own JVM, not in the program JPF checks.
 * It prints machine-readable lines that {@link JpfLauncher} turns into capcheck's progress lines and
 * summary:
 * <pre>
 * capcheck-jpf progress SECONDS NEW VISITED DEPTH MAXDEPTH   every capcheck.progress_seconds (default 5)
 * capcheck-jpf choices C1,C2,...                             on a violation: the path's Verify choices
 * capcheck-jpf finished SECONDS NEW VISITED MAXDEPTH          when the search ends
 * </pre>
 * NEW counts states JPF had not seen before and VISITED the states it matched (so pruned). JPF stores a
 * state at every choice point (and transition break), not at every step of the program, so these are
 * JPF's states, not the harness's.
 *
 * <p>The choices are the values of the {@code Verify.getInt} and {@code Verify.getBoolean} choice
 * generators on the violating path, oldest first (false as 0, true as 1): exactly the values
 * {@link JpfChoices} returned, which {@link Explorer#replay} takes to reproduce the path natively.
 * Compiled against the jpf-stub module; only the JPF calls used here are declared there.
 */
public final class JpfProgressListener extends SearchListenerAdapter {
    /** The prefix of every line this listener prints. */
    public static final String PREFIX = "capcheck-jpf ";
    /** The .jpf setting: seconds between progress lines. */
    public static final String INTERVAL_KEY = "capcheck.progress_seconds";
    private static final String GET_INT = "verifyGetInt(II)";
    private static final String GET_BOOLEAN = "verifyGetBoolean";

    private final long start = System.nanoTime();
    private final long intervalNanos;
    private long nextProgress;
    private long newStates;
    private long visitedStates;
    private int maxDepth;

    /** Called by JPF with its configuration. */
    public JpfProgressListener(Config config) {
        this(config.getInt(INTERVAL_KEY, 5));
    }

    JpfProgressListener(int intervalSeconds) {
        intervalNanos = Math.max(1, intervalSeconds) * 1_000_000_000L;
        nextProgress = start + intervalNanos;
    }

    @Override
    public void stateAdvanced(Search search) {
        if (search.isNewState()) {
            newStates++;
        } else {
            visitedStates++;
        }
        int depth = search.getDepth();
        if (depth > maxDepth) {
            maxDepth = depth;
        }
        long now = System.nanoTime();
        if (now >= nextProgress) {
            nextProgress = now + intervalNanos;
            print("progress " + seconds(now) + " " + newStates + " " + visitedStates + " " + depth + " " + maxDepth);
        }
    }

    @Override
    public void propertyViolated(Search search) {
        StringBuilder choices = new StringBuilder();
        for (ChoiceGenerator<?> cg : search.getVM().getChoiceGenerators()) {
            String id = cg.getId();
            Object choice = cg.getNextChoice();
            String value;
            if (GET_INT.equals(id) && choice instanceof Integer) {
                value = choice.toString();
            } else if (GET_BOOLEAN.equals(id) && choice instanceof Boolean) {
                value = (Boolean) choice ? "1" : "0";
            } else {
                continue; // the scheduler's choices and transition breaks: not the harness's
            }
            choices.append(choices.length() == 0 ? "" : ",").append(value);
        }
        print("choices " + choices);
    }

    @Override
    public void searchFinished(Search search) {
        print("finished " + seconds(System.nanoTime()) + " " + newStates + " " + visitedStates + " " + maxDepth);
    }

    private String seconds(long now) {
        return String.format(java.util.Locale.ROOT, "%.1f", (now - start) / 1e9);
    }

    private static void print(String line) {
        System.out.println(PREFIX + line);
        System.out.flush();
    }
}
