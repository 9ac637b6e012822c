package org.capcheck.jpf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A fake JPF_HOME: {@code build/RunJPF.jar} is a tiny program that records its arguments, its JVM
 * options, its working directory and the .jpf it was given into {@code build/record.txt}, then prints a
 * JPF-like report: an error for target.args racy-counter (with capcheck's listener lines: a progress
 * line and the path's choices), "no errors detected" for atomic-counter or cap-revoke, a search
 * constraint for cap-revoke-deep, a progress line and then two minutes' sleep for two-phase-commit-7
 * (for Ctrl-C), and a configuration error (no report) otherwise.
 */
public final class FakeJpf {
    private static final String SOURCE = String.join("\n",
            "import java.nio.file.*;",
            "public class FakeRunJPF {",
            "  public static void main(String[] args) throws Exception {",
            "    Path jpf = Paths.get(args[args.length - 1]);",
            "    String props = new String(Files.readAllBytes(jpf), \"UTF-8\");",
            "    Path build = Paths.get(System.getProperty(\"java.class.path\")).toAbsolutePath().getParent();",
            "    String record = \"args=\" + String.join(\" \", args) + \"\\n\"",
            "        + \"jvm=\" + String.join(\" \", java.lang.management.ManagementFactory.getRuntimeMXBean()"
                    + ".getInputArguments()) + \"\\n\"",
            "        + \"cwd=\" + System.getProperty(\"user.dir\") + \"\\n\" + props;",
            "    Files.write(build.resolve(\"record.txt\"), record.getBytes(\"UTF-8\"));",
            "    String bar = \"====================================================== \";",
            "    System.out.println(\"JavaPathfinder core system v8.0 (fake) - (C) 2005-2014 United States Government\");",
            "    if (props.contains(\"target.args = racy-counter\\n\")) {",
            "      System.out.println(\"capcheck-jpf progress 0.5 4 0 3 3\");",
            "      System.out.println(\"capcheck-jpf choices 0,1,0\");",
            "      System.out.println(); System.out.println(bar + \"error 1\");",
            "      System.out.println(\"gov.nasa.jpf.vm.NoUncaughtExceptionsProperty\");",
            "      System.out.println(); System.out.println(bar + \"results\");",
            "      System.out.println(\"error #1: gov.nasa.jpf.vm.NoUncaughtExceptionsProperty \\\"java.lang.AssertionError: lost update\\\"\");",
            "    } else if (props.contains(\"target.args = two-phase-commit-7\\n\")) {",
            "      System.out.println(\"capcheck-jpf progress 1.0 100 50 9 9\");",
            "      Thread.sleep(120000);",
            "    } else if (props.contains(\"target.args = cap-revoke-deep\\n\")) {",
            "      System.out.println(); System.out.println(bar + \"search constraint\");",
            "      System.out.println(\"max time exceeded\");",
            "      System.out.println(); System.out.println(bar + \"results\");",
            "      System.out.println(\"no errors detected\");",
            "    } else if (props.contains(\"target.args = atomic-counter\\n\") || props.contains(\"target.args = cap-revoke\\n\")) {",
            "      System.out.println(); System.out.println(bar + \"results\");",
            "      System.out.println(\"no errors detected\");",
            "    } else {",
            "      System.err.println(\"[SEVERE] JPF configuration error: cannot load target\");",
            "      System.exit(1);",
            "    }",
            "  }",
            "}",
            "");

    private FakeJpf() {
    }

    /** Makes a fake JPF_HOME in {@code dir}; returns it. */
    public static Path create(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(src.resolve("FakeRunJPF.java"), SOURCE, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), src.resolve("FakeRunJPF.java").toString());
        assertEquals(0, status, "compiling the fake RunJPF");
        Path home = Files.createDirectories(dir.resolve("jpf-core"));
        Path build = Files.createDirectories(home.resolve("build"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeRunJPF");
        try (OutputStream file = Files.newOutputStream(build.resolve("RunJPF.jar"));
             JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new JarEntry("FakeRunJPF.class"));
            jar.write(Files.readAllBytes(classes.resolve("FakeRunJPF.class")));
            jar.closeEntry();
        }
        return home;
    }

    /** What the fake recorded on its last run. */
    public static String record(Path home) throws IOException {
        return Files.readString(home.resolve("build/record.txt"), StandardCharsets.UTF_8);
    }
}
