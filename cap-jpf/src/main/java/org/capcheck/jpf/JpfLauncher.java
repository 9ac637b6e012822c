package org.capcheck.jpf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;

/**
 * Runs a built-in {@link Harness} under Java PathFinder: writes a {@code .jpf} application properties
 * file whose target is {@link JpfMain} with the harness's name, and starts
 * {@code java -jar $JPF_HOME/build/RunJPF.jar FILE.jpf} (jpf-core's java-17 branch, as built by its
 * gradle build, unpatched, on JDK 17). JPF finds jpf-core's own {@code jpf.properties} from the location
 * of RunJPF.jar, so no {@code site.properties} is needed. Only settings a stock jpf-core handles are
 * written: in particular not {@code search.match_depth}, which stock JPF cannot run (docs/jpf.md).
 *
 * <p>JPF's process exits 0 whatever it finds, so the outcome is read from its report and from the lines
 * of capcheck's {@link JpfProgressListener}: "no errors detected" gives {@link #NO_ERRORS}, an
 * "error #N" result line {@link #ERROR_FOUND} (with the violating path's choices), a search constraint
 * (a bound) with no error, a timeout or {@link #stop()} {@link #INCOMPLETE}, and anything else (JPF did
 * not start, or died) {@link #FAILED}. A JPF_HOME without build/RunJPF.jar is {@link #BAD_HOME}.
 */
public final class JpfLauncher {
    /** JPF's launcher, relative to JPF_HOME. */
    public static final String RUN_JPF = "build/RunJPF.jar";
    public static final int NO_ERRORS = 0;
    public static final int ERROR_FOUND = 1;
    public static final int BAD_HOME = 2;
    public static final int INCOMPLETE = 3;
    public static final int FAILED = 4;
    /** JPF's heap when none is given: what jpf-core's java-17 build gives its own test JVMs. */
    public static final String DEFAULT_HEAP = "1024m";
    /** The JVM options jpf-core's java-17 build passes to its own test JVMs, apart from the heap. */
    static final List<String> JVM_OPTIONS = List.of("-ea",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");
    /** A heap size as {@code -Xmx} takes it: digits and an optional k, m or g. */
    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    /**
     * capcheck's listener ({@link JpfProgressListener}), by name: the class extends JPF's, so this JVM,
     * which has no JPF, must not load it.
     */
    static final String LISTENER = "org.capcheck.jpf.JpfProgressListener";
    /** After a timeout, how long JPF may take to notice it and report before it is killed. */
    private static final long TIMEOUT_GRACE_SECONDS = 30;

    private final Path jpfHome;
    private final String harness;
    private List<Path> classpath;
    private Integer depthLimit;
    private Long timeoutSeconds;
    private String heap = DEFAULT_HEAP;
    private int progressSeconds = 5;
    private Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    private final Object lock = new Object();
    private Process process;
    private String stopReason;

    private JpfLauncher(Path jpfHome, String harness) {
        this.jpfHome = Objects.requireNonNull(jpfHome, "jpfHome").toAbsolutePath().normalize();
        this.harness = Objects.requireNonNull(harness, "harness");
    }

    /** A launcher for the built-in harness {@code harness} (see {@link Harnesses}) with JPF at {@code jpfHome}. */
    public static JpfLauncher of(Path jpfHome, String harness) {
        return new JpfLauncher(jpfHome, harness);
    }

    /** The program's classpath under JPF; by default where capcheck's own classes were loaded from. */
    public JpfLauncher classpath(List<Path> entries) {
        classpath = List.copyOf(entries);
        return this;
    }

    /** JPF's {@code search.depth_limit}: the most choice points along a path. */
    public JpfLauncher depthLimit(Integer depth) {
        depthLimit = depth;
        return this;
    }

    /**
     * Stops JPF's search after this long (jpf-core's BudgetChecker listener); should JPF not stop
     * within {@value #TIMEOUT_GRACE_SECONDS} s more, its process is ended.
     */
    public JpfLauncher timeoutSeconds(Long seconds) {
        timeoutSeconds = seconds;
        return this;
    }

    /** JPF's JVM heap, as {@code -Xmx} takes it ({@code 512m}, {@code 4g}); default {@value #DEFAULT_HEAP}. */
    public JpfLauncher heap(String size) {
        String problem = checkHeap(size);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        heap = size;
        return this;
    }

    /** Why {@code size} is not a heap size, or null. */
    public static String checkHeap(String size) {
        return size != null && HEAP.matcher(size).matches() ? null
                : "a JPF heap size is a number with an optional k, m or g (like 512m or 4g), not '" + size + "'";
    }

    /** Seconds between progress lines (at least 1; default 5). */
    public JpfLauncher progressSeconds(int seconds) {
        progressSeconds = Math.max(1, seconds);
        return this;
    }

    /** The java executable to start RunJPF.jar with; by default this JVM's. */
    public JpfLauncher java(Path executable) {
        java = executable;
        return this;
    }

    /** Why {@code jpfHome} cannot be JPF's home, or null if it looks right. */
    public static String checkHome(Path jpfHome) {
        if (jpfHome == null) {
            return "no JPF home: set JPF_HOME or give --jpf-home DIR (jpf-core's java-17 branch, built)";
        }
        if (!Files.isDirectory(jpfHome)) {
            return "JPF home " + jpfHome + " is not a directory";
        }
        if (!Files.isRegularFile(jpfHome.resolve(RUN_JPF))) {
            return "JPF home " + jpfHome + " has no " + RUN_JPF + ": build jpf-core there first "
                    + "(git checkout java-17 && ./gradlew buildJars)";
        }
        return null;
    }

    /** The directories or jars capcheck's classes (this module, cap-core and cap-mutants) were loaded from. */
    public static List<Path> defaultClasspath() {
        Set<Path> out = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {JpfMain.class, Kernel.class, Mutant.class}) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from");
            }
            try {
                out.add(Paths.get(source.getLocation().toURI()).toAbsolutePath().normalize());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from", e);
            }
        }
        return new ArrayList<>(out);
    }

    /** The text of the .jpf application properties file. */
    public String properties() {
        List<Path> cp = classpath != null ? classpath : defaultClasspath();
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < cp.size(); i++) {
            path.append(i == 0 ? "" : ";").append(escape(cp.get(i).toString()));
        }
        StringBuilder out = new StringBuilder();
        out.append("# Generated by capcheck: explores the harness '").append(harness).append("' under Java PathFinder.\n");
        out.append("# Start with: java -jar ").append(escape(jpfHome.resolve(RUN_JPF).toString())).append(" <this file>\n");
        out.append("target = ").append(JpfMain.class.getName()).append('\n');
        out.append("target.args = ").append(escape(harness)).append('\n');
        out.append("classpath = ").append(path).append('\n');
        out.append("# capcheck's listener runs inside JPF's own JVM: its classes go on the native classpath.\n");
        out.append("native_classpath+= ;").append(path).append('\n');
        out.append("# Depth-first search with plain state matching (JPF's state holds the call stack, so a\n");
        out.append("# state seen before has been explored from already); stop at the first error.\n");
        out.append("search.class = gov.nasa.jpf.search.DFSearch\n");
        out.append("search.multiple_errors = false\n");
        if (depthLimit != null) {
            out.append("search.depth_limit = ").append(depthLimit).append('\n');
        }
        out.append("# A violation is an uncaught AssertionError (or any other exception) thrown by the harness.\n");
        out.append("search.properties = gov.nasa.jpf.vm.NotDeadlockedProperty,gov.nasa.jpf.vm.NoUncaughtExceptionsProperty\n");
        out.append("# The harness is one thread: no need to break long transitions for other threads.\n");
        out.append("vm.max_transition_length = 2147483647\n");
        out.append("# No garbage collection between transitions: JPF matches only what is reachable, and a\n");
        out.append("# harness's garbage lives no longer than the path that made it (backtracking drops it).\n");
        out.append("vm.gc = false\n");
        out.append("listener = ");
        if (timeoutSeconds != null) {
            out.append("gov.nasa.jpf.listener.BudgetChecker,");
        }
        out.append(LISTENER).append('\n');
        out.append(JpfProgressListener.INTERVAL_KEY).append(" = ").append(progressSeconds).append('\n');
        if (timeoutSeconds != null) {
            out.append("budget.max_time = ").append(timeoutSeconds * 1000).append('\n');
        }
        out.append("# capcheck replays the violating path natively and prints its own trace.\n");
        out.append("report.console.property_violation = error\n");
        out.append("report.console.finished = result,statistics\n");
        return out.toString();
    }

    /** Escapes a value for a Java properties file. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char ch : value.toCharArray()) {
            if (ch == '\\' || ch == '#' || ch == '!' || ch == '=' || ch == ':') {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }

    /** Writes {@link #properties()} to {@code HARNESS.jpf} in {@code dir}; returns the file. */
    public Path writeProperties(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(harness.replaceAll("[^A-Za-z0-9._-]", "_") + ".jpf");
        Files.writeString(file, properties(), StandardCharsets.UTF_8);
        return file;
    }

    /** The command that runs JPF on {@code jpfFile}. */
    public List<String> command(Path jpfFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-jar");
        cmd.add(jpfHome.resolve(RUN_JPF).toString());
        cmd.add(jpfFile.toAbsolutePath().toString());
        return cmd;
    }

    /**
     * Ends a running {@link #launch} soon (any thread; Ctrl-C): JPF's process is ended and the launch
     * returns {@link #INCOMPLETE} with the stop reason "interrupted".
     */
    public void stop() {
        end("interrupted");
    }

    private void end(String reason) {
        synchronized (lock) {
            if (stopReason == null) {
                stopReason = reason;
            }
            if (process != null) {
                process.destroy();
            }
        }
    }

    /** {@link #launch(Path, PrintWriter, PrintWriter, Consumer)} with JPF's own output and progress lines to {@code out}. */
    public int launch(Path workDir, PrintWriter out, PrintWriter err) {
        return launch(workDir, out, err, line -> {
            out.println(line);
            out.flush();
        }).status();
    }

    /**
     * Checks JPF_HOME, writes the .jpf into {@code workDir}, runs JPF there, and reads its outcome.
     *
     * @param jpfOutput JPF's own output, line by line (the listener's lines excluded); null: dropped
     * @param err       capcheck's own messages
     * @param progress  capcheck's progress lines, built from the listener's; null: none
     */
    public JpfOutcome launch(Path workDir, PrintWriter jpfOutput, PrintWriter err, Consumer<String> progress) {
        long started = System.nanoTime();
        String problem = checkHome(jpfHome);
        if (problem != null) {
            err.println("capcheck: " + problem);
            err.flush();
            return new JpfOutcome(BAD_HOME, null, 0, OutcomeScanner.NONE, 0);
        }
        Path jpfFile;
        try {
            jpfFile = writeProperties(workDir);
        } catch (IOException e) {
            err.println("capcheck: cannot write the JPF properties in " + workDir + ": " + e.getMessage());
            err.flush();
            return new JpfOutcome(FAILED, null, 0, OutcomeScanner.NONE, 0);
        }
        List<String> cmd = command(jpfFile);
        if (jpfOutput != null) {
            jpfOutput.println("Running JPF: " + String.join(" ", cmd));
            jpfOutput.flush();
        }
        OutcomeScanner scanner = new OutcomeScanner();
        int processStatus;
        Thread watchdog = null;
        try {
            Process p;
            synchronized (lock) {
                if (stopReason != null) {
                    return new JpfOutcome(INCOMPLETE, stopReason, seconds(started), OutcomeScanner.NONE, 0);
                }
                p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
                process = p;
            }
            p.getOutputStream().close();
            if (timeoutSeconds != null) {
                watchdog = watchdog(p, timeoutSeconds + TIMEOUT_GRACE_SECONDS);
            }
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String mine = scanner.accept(line);
                    if (mine == null) {
                        if (jpfOutput != null) {
                            jpfOutput.println(line);
                            jpfOutput.flush();
                        }
                    } else if (mine.startsWith("progress ") && progress != null) {
                        progress.accept(progressLine(mine));
                    }
                }
            }
            processStatus = p.waitFor();
        } catch (IOException e) {
            err.println("capcheck: cannot start JPF (" + String.join(" ", cmd) + "): " + e.getMessage());
            err.flush();
            return new JpfOutcome(FAILED, null, seconds(started), scanner, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end("interrupted");
            return new JpfOutcome(INCOMPLETE, "interrupted", seconds(started), scanner, 0);
        } finally {
            if (watchdog != null) {
                watchdog.interrupt();
            }
            synchronized (lock) {
                if (process != null) {
                    process.destroyForcibly();
                }
                process = null;
            }
        }
        String reason;
        synchronized (lock) {
            reason = stopReason;
        }
        int status = scanner.status();
        if (reason != null && status != ERROR_FOUND && status != NO_ERRORS) {
            return new JpfOutcome(INCOMPLETE, reason, seconds(started), scanner, processStatus);
        }
        if (status == INCOMPLETE) {
            reason = constraintReason(scanner.constraint);
        }
        if (status == FAILED) {
            err.println("capcheck: JPF did not report a result (its exit status was " + processStatus
                    + "); see its output above");
            err.flush();
        }
        return new JpfOutcome(status, status == INCOMPLETE ? reason : null, seconds(started), scanner,
                processStatus);
    }

    /** JPF's search constraint as capcheck's stop reason: "timeout", "max-depth", or JPF's words. */
    static String constraintReason(String constraint) {
        String c = constraint == null ? "" : constraint.toLowerCase(Locale.ROOT);
        return c.contains("time") ? "timeout" : c.contains("depth") ? "max-depth"
                : constraint == null ? "search constraint" : constraint;
    }

    private Thread watchdog(Process p, long seconds) {
        Thread t = new Thread(() -> {
            try {
                if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                    end("timeout");
                }
            } catch (InterruptedException e) {
                // the run ended first
            }
        }, "capcheck-jpf-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    /** A listener line {@code progress SECONDS NEW VISITED DEPTH MAXDEPTH} as capcheck's progress line. */
    static String progressLine(String listenerLine) {
        String[] f = listenerLine.split(" ");
        try {
            double s = Double.parseDouble(f[1]);
            long fresh = Long.parseLong(f[2]);
            long visited = Long.parseLong(f[3]);
            return String.format(Locale.ROOT,
                    "progress: %.0fs, %,d new JPF states, %,d revisited, depth %s (max %s), %,.0f states/s",
                    s, fresh, visited, f[4], f[5], s > 0 ? (fresh + visited) / s : 0);
        } catch (RuntimeException e) {
            return "progress: " + listenerLine;
        }
    }

    /**
     * What a JPF run found.
     *
     * @param status        {@link #NO_ERRORS}, {@link #ERROR_FOUND}, {@link #BAD_HOME}, {@link #INCOMPLETE} or {@link #FAILED}
     * @param stopReason    for {@link #INCOMPLETE}: "timeout", "interrupted" or JPF's search constraint; else null
     * @param seconds       wall time of the JPF process, its start included
     * @param newStates     states JPF stored as new (its statistics, else the listener's last count)
     * @param visitedStates states JPF matched, so pruned
     * @param maxDepth      the deepest JPF state
     * @param error         JPF's error line (the property and the exception), or null
     * @param choices       the violating path's choices, or null
     * @param processStatus JPF's exit status
     */
    public record JpfOutcome(int status, String stopReason, double seconds, long newStates, long visitedStates,
                             int maxDepth, String error, int[] choices, int processStatus) {
        JpfOutcome(int status, String stopReason, double seconds, OutcomeScanner s, int processStatus) {
            this(status, stopReason, seconds, s.newStates, s.visitedStates, s.maxDepth, s.error, s.choices,
                    processStatus);
        }

        public JpfOutcome {
            choices = choices == null ? null : choices.clone();
        }

        @Override
        public int[] choices() {
            return choices == null ? null : choices.clone();
        }
    }

    /** Reads JPF's console report and capcheck's listener lines. */
    static final class OutcomeScanner {
        static final OutcomeScanner NONE = new OutcomeScanner();
        private static final Pattern STATES = Pattern.compile(
                "states:\\s+new=(\\d+),\\s*visited=(\\d+).*");
        private static final Pattern SEARCH = Pattern.compile("search:\\s+maxDepth=(\\d+).*");
        private boolean inResults;
        private boolean inConstraint;
        private boolean noErrors;
        private boolean finished;
        String constraint;
        String error;
        int[] choices;
        long newStates;
        long visitedStates;
        int maxDepth;

        /**
         * Takes one line of JPF's output; returns the listener's line without its prefix, or null for
         * JPF's own lines.
         */
        String accept(String line) {
            if (line.startsWith(JpfProgressListener.PREFIX)) {
                String mine = line.substring(JpfProgressListener.PREFIX.length());
                listener(mine);
                return mine;
            }
            String trimmed = line.trim();
            if (trimmed.startsWith("====")) {
                inResults = trimmed.endsWith("results");
                inConstraint = trimmed.contains("search constraint");
                if (inConstraint && constraint == null) {
                    constraint = "search constraint";
                }
                return null;
            }
            if (inConstraint && !trimmed.isEmpty()) {
                constraint = trimmed;
                inConstraint = false;
            }
            if (trimmed.equals("no errors detected")) {
                noErrors = true;
            }
            if (inResults && trimmed.startsWith("error #") && error == null) {
                int colon = trimmed.indexOf(": ");
                error = colon < 0 ? trimmed : trimmed.substring(colon + 2);
            }
            java.util.regex.Matcher m = STATES.matcher(trimmed);
            if (m.matches()) {
                newStates = Long.parseLong(m.group(1));
                visitedStates = Long.parseLong(m.group(2));
                finished = true;
            }
            m = SEARCH.matcher(trimmed);
            if (m.matches()) {
                maxDepth = Integer.parseInt(m.group(1));
            }
            return null;
        }

        private void listener(String mine) {
            String[] f = mine.split(" ");
            try {
                if (f[0].equals("choices")) {
                    choices = parseChoices(f.length > 1 ? f[1] : "");
                } else if (f[0].equals("progress") && f.length >= 6 && !finished) {
                    newStates = Long.parseLong(f[2]);
                    visitedStates = Long.parseLong(f[3]);
                    maxDepth = Math.max(maxDepth, Integer.parseInt(f[5]));
                }
            } catch (RuntimeException e) {
                // a malformed line: keep what was known
            }
        }

        static int[] parseChoices(String list) {
            if (list.isEmpty()) {
                return new int[0];
            }
            String[] parts = list.split(",");
            int[] out = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = Integer.parseInt(parts[i]);
            }
            return out;
        }

        int status() {
            if (error != null) {
                return ERROR_FOUND;
            }
            if (noErrors) {
                return constraint != null ? INCOMPLETE : NO_ERRORS;
            }
            return FAILED;
        }
    }

    public Path jpfHome() {
        return jpfHome;
    }

    public String harness() {
        return harness;
    }
}
