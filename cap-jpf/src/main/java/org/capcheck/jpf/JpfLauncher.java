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
import java.util.Objects;
import java.util.Set;
import org.capcheck.core.Kernel;

/**
 * Runs a built-in {@link Harness} under Java PathFinder: writes a {@code .jpf} application properties
 * file whose target is {@link JpfMain} with the harness's name, and starts
 * {@code java -jar $JPF_HOME/build/RunJPF.jar FILE.jpf} (jpf-core's java-17 branch, built by the user,
 * on JDK 17). JPF finds jpf-core's own {@code jpf.properties} from the location of RunJPF.jar, so no
 * {@code site.properties} is needed.
 *
 * <p>JPF's process exits 0 whatever it finds, so the outcome is read from its report: "no errors
 * detected" gives {@link #NO_ERRORS}, an "error #N" result line {@link #ERROR_FOUND}, a search constraint
 * (a bound) with no error {@link #INCOMPLETE}, and anything else (JPF did not start, or died)
 * {@link #FAILED}. A JPF_HOME without build/RunJPF.jar is {@link #BAD_HOME}.
 */
public final class JpfLauncher {
    /** JPF's launcher, relative to JPF_HOME. */
    public static final String RUN_JPF = "build/RunJPF.jar";
    public static final int NO_ERRORS = 0;
    public static final int ERROR_FOUND = 1;
    public static final int BAD_HOME = 2;
    public static final int INCOMPLETE = 3;
    public static final int FAILED = 4;
    /** The JVM options jpf-core's java-17 build passes to its own test JVMs. */
    static final List<String> JVM_OPTIONS = List.of("-Xmx1024m", "-ea",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");

    private final Path jpfHome;
    private final String harness;
    private List<Path> classpath;
    private Integer depthLimit;
    private Long timeoutSeconds;
    private Path java = Paths.get(System.getProperty("java.home"), "bin", "java");

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

    /** Stops JPF's search after this long (jpf-core's BudgetChecker listener). */
    public JpfLauncher timeoutSeconds(Long seconds) {
        timeoutSeconds = seconds;
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
            return "no JPF home: set JPF_HOME or give --jpf-home DIR (a jpf-core checkout built with gradle)";
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

    /** The directories or jars capcheck's classes (this module and cap-core) were loaded from. */
    public static List<Path> defaultClasspath() {
        Set<Path> out = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {JpfMain.class, Kernel.class}) {
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
        StringBuilder out = new StringBuilder();
        out.append("# Generated by capcheck: explores the harness '").append(harness).append("' under Java PathFinder.\n");
        out.append("# Start with: java -jar ").append(escape(jpfHome.resolve(RUN_JPF).toString())).append(" <this file>\n");
        out.append("target = ").append(JpfMain.class.getName()).append('\n');
        out.append("target.args = ").append(escape(harness)).append('\n');
        out.append("classpath = ");
        for (int i = 0; i < cp.size(); i++) {
            out.append(i == 0 ? "" : ";").append(escape(cp.get(i).toString()));
        }
        out.append('\n');
        out.append("# Depth-first search; a state already seen is only re-explored when reached at a lower depth\n");
        out.append("# (as capcheck's own explorer does); stop at the first error.\n");
        out.append("search.class = gov.nasa.jpf.search.DFSearch\n");
        out.append("search.match_depth = true\n");
        out.append("search.multiple_errors = false\n");
        if (depthLimit != null) {
            out.append("search.depth_limit = ").append(depthLimit).append('\n');
        }
        out.append("# A violation is an uncaught AssertionError (or any other exception) thrown by the harness.\n");
        out.append("search.properties = gov.nasa.jpf.vm.NotDeadlockedProperty,gov.nasa.jpf.vm.NoUncaughtExceptionsProperty\n");
        if (timeoutSeconds != null) {
            out.append("listener = gov.nasa.jpf.listener.BudgetChecker\n");
            out.append("budget.max_time = ").append(timeoutSeconds * 1000).append('\n');
        }
        out.append("report.console.property_violation = error,trace\n");
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
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-jar");
        cmd.add(jpfHome.resolve(RUN_JPF).toString());
        cmd.add(jpfFile.toAbsolutePath().toString());
        return cmd;
    }

    /**
     * Checks JPF_HOME, writes the .jpf into {@code workDir}, runs JPF there with its output forwarded to
     * {@code out} line by line, and maps the outcome to an exit status (see the class comment).
     */
    public int launch(Path workDir, PrintWriter out, PrintWriter err) {
        String problem = checkHome(jpfHome);
        if (problem != null) {
            err.println("capcheck: " + problem);
            err.flush();
            return BAD_HOME;
        }
        Path jpfFile;
        try {
            jpfFile = writeProperties(workDir);
        } catch (IOException e) {
            err.println("capcheck: cannot write the JPF properties in " + workDir + ": " + e.getMessage());
            err.flush();
            return FAILED;
        }
        List<String> cmd = command(jpfFile);
        out.println("Running JPF: " + String.join(" ", cmd));
        out.flush();
        OutcomeScanner scanner = new OutcomeScanner();
        int processStatus;
        try {
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    out.flush();
                    scanner.accept(line);
                }
            }
            processStatus = p.waitFor();
        } catch (IOException e) {
            err.println("capcheck: cannot start JPF (" + String.join(" ", cmd) + "): " + e.getMessage());
            err.flush();
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("capcheck: interrupted while JPF ran");
            err.flush();
            return INCOMPLETE;
        }
        int status = scanner.status();
        if (status == FAILED) {
            err.println("capcheck: JPF did not report a result (its exit status was " + processStatus
                    + "); see its output above");
            err.flush();
        }
        return status;
    }

    /** Reads JPF's console report and tells the outcome. */
    static final class OutcomeScanner {
        private boolean inResults;
        private boolean noErrors;
        private boolean error;
        private boolean constraint;

        void accept(String line) {
            String trimmed = line.trim();
            if (trimmed.startsWith("====") && trimmed.endsWith("results")) {
                inResults = true;
            } else if (trimmed.startsWith("====") && trimmed.contains("search constraint")) {
                constraint = true;
            } else if (trimmed.startsWith("====")) {
                inResults = false;
            }
            if (trimmed.equals("no errors detected")) {
                noErrors = true;
            }
            if (inResults && trimmed.startsWith("error #")) {
                error = true;
            }
        }

        int status() {
            if (error) {
                return ERROR_FOUND;
            }
            if (noErrors) {
                return constraint ? INCOMPLETE : NO_ERRORS;
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
