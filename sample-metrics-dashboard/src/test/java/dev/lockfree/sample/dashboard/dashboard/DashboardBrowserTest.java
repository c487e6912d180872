package dev.lockfree.sample.dashboard.dashboard;

import dev.lockfree.sample.dashboard.support.HttpApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard page in a real headless Chromium (the system's: Debian's {@code chromium} and
 * {@code chromium-driver}; nothing is downloaded): it loads, its charts and tables show metrics posted just
 * before, its form posts a metric, the browser logs no error, and a screenshot is saved to
 * {@code target/dashboard.png}.
 *
 * <p>Without the browser the test is skipped, unless the system property {@code dashboard.browser.required} or
 * the environment variable {@code DASHBOARD_BROWSER_REQUIRED} is {@code true} (as in {@code .ci/run}): then it
 * fails. The system properties {@code dashboard.browser.chromium} and {@code dashboard.browser.chromedriver}
 * point it at another browser and driver.
 */
@ExtendWith(DashboardBrowserTest.BrowserPresentOrRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        // Selenium warns that it has no CDP binding for this Chromium: the test uses WebDriver only, no CDP.
        "logging.level.org.openqa.selenium.devtools=error", "logging.level.org.openqa.selenium.chromium=error"})
class DashboardBrowserTest {

    static final File CHROMIUM = new File(System.getProperty("dashboard.browser.chromium", "/usr/bin/chromium"));
    static final File CHROMEDRIVER = new File(System.getProperty("dashboard.browser.chromedriver",
            "/usr/bin/chromedriver"));
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path snapshots;

    @TempDir
    Path browserProfile;

    @DynamicPropertySource
    static void snapshotDirectory(DynamicPropertyRegistry registry) {
        registry.add("eventstore.snapshot.directory", () -> snapshots.toString());
    }

    @LocalServerPort
    int port;

    HttpApi app;
    ChromeDriverService service;
    ChromeDriver browser;

    static final String MISSING = "The browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", "
            + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver";

    static boolean browserPresent() {
        return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    }

    static boolean browserRequired() {
        return Boolean.getBoolean("dashboard.browser.required")
                || "true".equalsIgnoreCase(System.getenv("DASHBOARD_BROWSER_REQUIRED"));
    }

    /** Skips the tests, with the reason, before the application starts, unless the browser is required. */
    static final class BrowserPresentOrRequired implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return browserPresent() || browserRequired()
                    ? ConditionEvaluationResult.enabled("browser present, or required")
                    : ConditionEvaluationResult.disabled(MISSING);
        }
    }

    @BeforeAll
    static void failWhenRequiredAndMissing() {
        if (!browserPresent()) {
            fail(MISSING + " (required by dashboard.browser.required / DASHBOARD_BROWSER_REQUIRED)");
        }
    }

    @BeforeEach
    void startBrowser() throws Exception {
        app = new HttpApi(port);
        // The driver and the browser are given explicitly, so Selenium Manager never runs (it would download).
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
                "--metrics-recording-only", "--window-size=1280,1200", "--lang=en-US",
                "--user-data-dir=" + browserProfile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 1200));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void chartsAndTablesShowPostedMetricsTheFormPostsOneAndAScreenshotIsSaved() throws Exception {
        String cpu = "cpu.load";
        String latency = "http.latency";
        Instant now = Instant.now();
        app.postMetric(cpu, 10, now.minusSeconds(70));
        app.postMetric(cpu, 20, now.minusSeconds(40));
        app.postMetric(cpu, 60, now.minusSeconds(40));
        app.postMetric(latency, 120, now.minusSeconds(100));
        app.postMetric(latency, 80, now.minusSeconds(20));

        browser.get(app.base() + "/");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(StaleElementReferenceException.class); // a row found may be redrawn before it is read

        // The page redraws its tables every 2 s: rows are read whole, in one script, never element by element.
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#labels tr[data-label='cpu.load'][data-count='3']")));
        assertThat(row("#labels tr[data-label='cpu.load']")).containsEntry("count", "3")
                .containsEntry("td.avg", "30").containsEntry("td.min", "10").containsEntry("td.max", "60");
        assertThat(row("#labels tr[data-label='http.latency']")).containsEntry("count", "2")
                .containsEntry("td.avg", "100").containsEntry("td.min", "80").containsEntry("td.max", "120");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("MetricsDashboard");

        // Both charts plot the posted labels (most events first) and drew them on their canvas.
        WebElement countChart = browser.findElement(By.id("count-chart"));
        WebElement valueChart = browser.findElement(By.id("value-chart"));
        assertThat(countChart.getAttribute("data-labels")).isEqualTo("[\"cpu.load\",\"http.latency\"]");
        assertThat(countChart.getAttribute("data-points")).isEqualTo("5");
        assertThat(valueChart.getAttribute("data-labels")).isEqualTo("[\"cpu.load\",\"http.latency\"]");
        assertThat(valueChart.getAttribute("data-points")).as("buckets with an average").isEqualTo("4");
        String firstColour = colourOfSwatch("cpu.load");
        String secondColour = colourOfSwatch("http.latency");
        assertThat(firstColour).isNotEqualTo(secondColour);
        for (String chart : List.of("count-chart", "value-chart")) {
            assertThat(pixelsOfColour(chart, firstColour)).as("%s pixels of cpu.load", chart).isGreaterThan(20);
            assertThat(pixelsOfColour(chart, secondColour)).as("%s pixels of http.latency", chart).isGreaterThan(20);
        }

        // The store table: buffered against capacity, and a snapshot column that never breaks the page.
        Map<String, String> metricsRow = row("#stores tr[data-store='metrics']");
        assertThat(metricsRow).containsEntry("buffered", "5").containsEntry("meter", "5");
        assertThat(metricsRow.get("td.fill")).startsWith("5 / ");
        assertThat(metricsRow.get("td.snapshot-status")).as("read from /api/dashboard").isIn("ok", "pending");
        assertThat(metricsRow.get("td.snapshot-age")).isNotBlank();
        assertThat(browser.findElements(By.cssSelector("#stores tr[data-store='sensors']"))).hasSize(1);

        // The form posts a metric; the next refresh shows it.
        browser.findElement(By.id("metric-label")).sendKeys("form.metric");
        browser.findElement(By.id("metric-value")).sendKeys("7.5");
        browser.findElement(By.cssSelector("#post-metric button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("post-status"), "Stored form.metric"));
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#labels tr[data-label='form.metric'][data-count='1']")));
        assertThat(row("#labels tr[data-label='form.metric']")).containsEntry("td.avg", "7.5");
        wait.until(ExpectedConditions.attributeToBe(By.id("count-chart"), "data-points", "6"));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#stores tr[data-store='metrics']"),
                "data-buffered", "6"));

        assertNoBrowserErrors();
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0); document.activeElement.blur();");
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        assertThat(SCREENSHOT).exists().isNotEmptyFile();
        byte[] saved = Files.readAllBytes(SCREENSHOT);
        assertThat(Arrays.copyOf(saved, 8)).as("PNG signature")
                .containsExactly(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
        assertThat(saved.length).isGreaterThan(10_000);

        // A longer range offers only the steps the API serves (at most 720 buckets) and redraws with them.
        new Select(browser.findElement(By.id("minutes"))).selectByValue("60");
        assertThat(browser.findElement(By.cssSelector("#step option[value='1']")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.cssSelector("#step option[value='5']")).isEnabled()).isTrue();
        new Select(browser.findElement(By.id("step"))).selectByValue("5");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("labels-note"),
                "3 labels in the last 60 min, 5 s per step."));
        assertThat(browser.findElement(By.id("refresh-status")).getText()).startsWith("Updated");
        assertThat(browser.findElement(By.id("count-chart")).getAttribute("data-points")).isEqualTo("6");
        assertThat(browser.findElement(By.id("kafka")).isDisplayed()).as("no kafka profile, no Kafka panel").isFalse();
        assertNoBrowserErrors();
    }

    @Test
    void kafkaPanelShowsOwnedPartitionsTheirLagAndMarksMissingPartitions() {
        browser.get(app.base() + "/");
        // The page's Kafka renderer, called with a kafka section of /api/dashboard as the kafka profile answers it:
        // one store complete, one with partitions missing, and a publishing-only instance's view.
        Object result = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/assets/kafka.js').then(m => {
                  const section = document.getElementById('kafka');
                  const cluster = (count, sum, missing) => ({count, sum, partitions: [], missingPartitions: missing,
                    complete: missing.length === 0});
                  m.renderKafka(section, {kafka: {instance: 'http://127.0.0.1:8080', stores: [
                    {store: 'orders', topic: 'orders', consuming: true, ownedPartitions: [0, 2],
                     owned: [{partition: 0, lastOffset: 9, lag: 0}, {partition: 2, lastOffset: 4, lag: 12}],
                     cluster: cluster(15, 1500, [])},
                    {store: 'metrics', topic: 'metrics', consuming: true, ownedPartitions: [],
                     owned: [], cluster: cluster(3, 7, [3, 4])}]}});
                  // read at once: the page's own next poll (no kafka section here) hides the panel again
                  done({gateway: m.ownedText({consuming: false, owned: []}), shown: !section.hidden});
                }, e => done({error: String(e)}));
                """);
        assertThat(result).asString().doesNotContain("error").contains("only publishes").contains("shown=true");
        assertThat(row("#kafka-stores tr[data-store='orders']")).containsEntry("td.owned", "p0 (lag 0), p2 (lag 12)")
                .containsEntry("td.count", "15").containsEntry("td.missing", "none");
        assertThat(row("#kafka-stores tr[data-store='metrics']")).containsEntry("td.owned", "none yet")
                .containsEntry("td.missing", "p3, p4: not in the totals");
        String missingColour = (String) ((JavascriptExecutor) browser).executeScript("return getComputedStyle("
                + "document.querySelector(\"#kafka-stores tr[data-store='metrics'] td.missing\")).color;");
        assertThat(missingColour).as("missing partitions are marked").isEqualTo("rgb(179, 38, 30)");
        assertThat(browser.findElement(By.id("kafka-note")).getAttribute("textContent"))
                .contains("http://127.0.0.1:8080");
        assertNoBrowserErrors();
    }

    @Test
    void snapshotStatusReadsTheDashboardBodyAndDegradesToNotAvailable() {
        browser.get(app.base() + "/");
        // The page's snapshot renderer, called with a store's snapshot of /api/dashboard, odd shapes and nothing.
        @SuppressWarnings("unchecked")
        Map<String, Object> views = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/assets/snapshot.js').then(m => {
                  const now = Date.parse('2026-11-27T12:00:30Z');
                  done({
                    full: m.snapshotView({enabled: true, lastSnapshot: '2026-11-27T12:00:00Z', ageSeconds: 30,
                      consecutiveFailures: 0}, now),
                    derived: m.snapshotView({enabled: true, lastSnapshot: '2026-11-27T12:00:25Z'}, now),
                    pending: m.snapshotView({enabled: true, pendingEvents: 4}, now),
                    failing: m.snapshotView({enabled: true, consecutiveFailures: 2}, now),
                    off: m.snapshotView({enabled: false}, now),
                    otherShape: m.snapshotView({status: 'ok'}, now),
                    wrongShape: m.snapshotView('yes', now),
                    missing: m.snapshotView(null, now),
                  });
                }, e => done({error: String(e)}));
                """);

        assertThat(views).doesNotContainKey("error");
        assertThat(view(views, "full")).containsEntry("status", "ok").containsEntry("age", "30 s ago")
                .containsEntry("title", "2026-11-27T12:00:00.000Z");
        assertThat(view(views, "derived")).containsEntry("status", "ok").containsEntry("age", "5 s ago");
        assertThat(view(views, "pending")).containsEntry("status", "pending").containsEntry("age", "n/a");
        assertThat(view(views, "failing")).containsEntry("status", "failing (2)");
        assertThat(view(views, "failing").get("title")).asString().contains("role ADMIN");
        assertThat(view(views, "off")).containsEntry("status", "off");
        for (String absent : List.of("otherShape", "wrongShape", "missing")) {
            assertThat(view(views, absent)).as(absent).containsEntry("status", "n/a").containsEntry("age", "n/a");
        }
        assertNoBrowserErrors();

        // The console check sees errors: one logged now is reported.
        ((JavascriptExecutor) browser).executeScript("console.error('dashboard-test-probe')");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .anySatisfy(entry -> {
                    assertThat(entry.getLevel()).isEqualTo(Level.SEVERE);
                    assertThat(entry.getMessage()).contains("dashboard-test-probe");
                });
    }

    /** A table row's data attributes, its cells' text by class ("td.avg"...) and its meter's value, read at once. */
    @SuppressWarnings("unchecked")
    private Map<String, String> row(String selector) {
        Map<String, String> row = (Map<String, String>) ((JavascriptExecutor) browser).executeScript("""
                const row = document.querySelector(arguments[0]);
                if (!row) return null;
                const out = {...row.dataset};
                for (const cell of row.querySelectorAll('td')) {
                  for (const name of cell.classList) out['td.' + name] = cell.innerText;
                }
                const meter = row.querySelector('meter');
                if (meter) out.meter = String(meter.value);
                return out;
                """, selector);
        assertThat(row).as("row %s", selector).isNotNull();
        return row;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> view(Map<String, Object> views, String name) {
        return (Map<String, Object>) views.get(name);
    }

    private String colourOfSwatch(String label) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor;",
                "#labels tr[data-label='" + label + "'] .swatch");
    }

    /** Pixels of the chart's canvas within a small distance of the colour (an "rgb(r, g, b)" or "rgba(...)"). */
    private long pixelsOfColour(String chartId, String cssColour) {
        int[] rgb = Arrays.stream(cssColour.replaceAll("[^0-9,]", "").split(","))
                .limit(3).mapToInt(Integer::parseInt).toArray();
        Object count = ((JavascriptExecutor) browser).executeScript("""
                const canvas = document.querySelector('#' + arguments[0] + ' canvas');
                const [r, g, b] = arguments[1];
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                  if (pixels[i + 3] > 200 && Math.abs(pixels[i] - r) < 24 && Math.abs(pixels[i + 1] - g) < 24
                      && Math.abs(pixels[i + 2] - b) < 24) n++;
                }
                return n;
                """, chartId, List.of(rgb[0], rgb[1], rgb[2]));
        return ((Number) count).longValue();
    }

    private void assertNoBrowserErrors() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();
        List<LogEntry> warnings = browser.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(warnings.stream().map(e -> e.getMessage().toLowerCase(Locale.ROOT)))
                .as("nothing requested from another host")
                .noneMatch(message -> message.contains("net::err_name_not_resolved"));
    }
}
