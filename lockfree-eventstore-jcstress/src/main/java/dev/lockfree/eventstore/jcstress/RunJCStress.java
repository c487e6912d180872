package dev.lockfree.eventstore.jcstress;

import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs jcstress (same options as {@code org.openjdk.jcstress.Main}) and then checks its results, so that
 * a build can rely on the exit code: jcstress alone exits 0 when no test matched or nothing ran
 * ({@code FATAL: No matching tests.}). Exit code 1 unless
 * <ul>
 * <li>at least one test matches {@code -t},</li>
 * <li>every matching test has results in the run's result blob, with samples, in every configuration,</li>
 * <li>no configuration errored (test error, timeout, VM crash, API mismatch) or saw a FORBIDDEN outcome.</li>
 * </ul>
 * {@code -jvmArgs auto} (or an empty value) drops the option, so jcstress uses its own configurations.
 * {@code --also REGEX} narrows {@code -t} further (a test must match both); a pass whose narrowed
 * selection is empty is skipped, but {@code --also} matching no test at all is a failure.
 */
public final class RunJCStress {

    private RunJCStress() {
    }

    public static void main(String[] args) throws Exception {
        List<String> argList = new ArrayList<>(Arrays.asList(dropAutoJvmArgs(args)));
        String also = takeOption(argList, "--also");
        String filter = takeOption(argList, "-t");
        if (filter == null) {
            filter = ".*";
        }
        SortedSet<String> expected = matching(filter);
        if (expected.isEmpty()) {
            fail("jcstress: FAILED, no test matches -t '" + filter + "'");
        }
        if (also != null) {
            SortedSet<String> alsoMatching = matching(also);
            if (alsoMatching.isEmpty()) {
                fail("jcstress: FAILED, no test matches --also '" + also + "'");
            }
            expected.retainAll(alsoMatching);
            if (expected.isEmpty()) {
                System.out.println("jcstress: no test matches both -t '" + filter + "' and --also '" + also
                        + "': nothing to run in this pass");
                System.exit(0);
            }
        }
        // Run exactly the tests counted above.
        StringBuilder exact = new StringBuilder("^(?:");
        for (String test : expected) {
            exact.append(exact.length() > 4 ? "|" : "").append(Pattern.quote(test));
        }
        argList.add("-t");
        argList.add(exact.append(")$").toString());

        String[] jcstressArgs = argList.toArray(new String[0]);
        Options opts = new Options(jcstressArgs);
        if (!opts.parse()) {
            fail("jcstress: cannot parse options " + argList);
        }
        System.out.println("jcstress: running " + expected.size() + " test(s): " + expected);

        long start = System.nanoTime();
        Throwable reported = null;
        try {
            new JCStress(opts).run();
        } catch (AssertionError e) {
            reported = e; // jcstress's own "TEST FAILURES" summary: the details are printed below
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        File blob = new File(opts.getResultFile());
        if (!blob.isFile()) {
            fail("jcstress: FAILED, no result file " + blob.getAbsolutePath() + ": no test ran");
        }
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(blob.getPath(), collector);
        try {
            reader.dump();
        } finally {
            reader.close();
        }
        Map<String, List<TestResult>> byTest = new TreeMap<>();
        for (TestResult r : collector.getTestResults()) {
            byTest.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);
        }

        System.out.println();
        System.out.println("jcstress summary (" + seconds + " s, mode " + modeOf(args) + "):");
        int passed = 0;
        int failed = 0;
        for (String test : expected) {
            List<TestResult> results = byTest.getOrDefault(test, List.of());
            List<String> problems = new ArrayList<>();
            Map<String, Long> outcomes = new TreeMap<>();
            long samples = 0;
            for (TestResult r : results) {
                if (r.status() != Status.NORMAL) {
                    problems.add("status " + r.status() + " " + r.getMessages());
                    continue;
                }
                if (r.getTotalCount() == 0) {
                    problems.add("a configuration produced no samples");
                }
                TestGrading grading = r.grading();
                if (!grading.isPassed) {
                    problems.add(String.join("; ", grading.failureMessages).trim());
                }
                samples += r.getTotalCount();
                for (String outcome : r.getStateKeys()) {
                    outcomes.merge("[" + outcome + "]", r.getCount(outcome), Long::sum);
                }
            }
            if (results.isEmpty()) {
                problems.add("NOT RUN");
            }
            boolean ok = problems.isEmpty();
            if (ok) {
                passed++;
            } else {
                failed++;
            }
            System.out.printf("  %-6s %s: %d config(s), %,d samples, outcomes %s%n",
                    ok ? "[OK]" : "[FAIL]", test, results.size(), samples, outcomes);
            for (String p : problems) {
                System.out.println("           " + p);
            }
        }
        System.out.println("jcstress: " + passed + " passed, " + failed + " failed");
        if (failed > 0 || reported != null) {
            fail("jcstress: FAILED (FORBIDDEN outcomes, errors or tests not run; HTML report in "
                    + opts.getResultDest() + ")");
        }
        System.exit(0);
    }

    private static SortedSet<String> matching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        SortedSet<String> tests = new TreeSet<>();
        for (String test : TestList.tests()) {
            if (pattern.matcher(test).find()) { // the same rule as jcstress's -t
                tests.add(test);
            }
        }
        return tests;
    }

    /** Removes {@code name value} from the arguments; returns the value, or null. */
    private static String takeOption(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            return null;
        }
        String value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return value;
    }

    private static String[] dropAutoJvmArgs(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-jvmArgs") && i + 1 < args.length
                    && (args[i + 1].isBlank() || args[i + 1].equals("auto"))) {
                i++;
                continue;
            }
            out.add(args[i]);
        }
        return out.toArray(new String[0]);
    }

    private static String modeOf(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-m")) {
                return args[i + 1];
            }
        }
        return "default";
    }

    private static void fail(String message) {
        System.out.println(message);
        System.out.flush();
        System.exit(1);
    }
}
