package ai.piapi.collector;

import static ai.piapi.collector.support.PiapiStub.failedTask;
import static ai.piapi.collector.support.PiapiStub.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.ledger.TaskState;
import ai.piapi.collector.support.CollectorRun;
import ai.piapi.collector.support.HttpFace;
import ai.piapi.collector.support.PiapiStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ai.piapi.collector.ledger.JdbcLedger;
import ai.piapi.collector.ledger.LedgerDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import org.openqa.selenium.StaleElementReferenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real headless Chromium (Debian's chromium and chromium-driver, through Selenium) against a
 * collector with a few hundred tasks in mixed states: the numbers are the ledger's, the throughput plot is drawn,
 * the dead letters are listed by reason, and the replay button of one reason reopens exactly those tasks. The
 * screenshot goes to {@code target/status-page.png} (the README's is {@code docs/status-page.png}).
 */
class StatusPageIT {
    private static final String TOKEN = "tok-page-8f0d-DO-NOT-LEAK";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path root;
    @TempDir
    Path profile;
    PiapiStub piapi = new PiapiStub();
    CollectorRun collector;
    WebDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (collector != null) {
            collector.close();
            CollectorRun.assertNoSecretUnder(root, TOKEN);
        }
        piapi.close();
    }

    @Test
    void showsTheLedgerAndReplaysTheDeadLettersOfOneReason() throws Exception {
        requireChromium();
        Map<String, String> kind = new HashMap<>();
        seedLedger(kind);
        List<String> live = new ArrayList<>(); // these go through real polls, for the throughput plot
        for (int i = 0; i < 30; i++) {
            String id = String.format("live-%02d", i);
            live.add(id);
            switch (i % 3) {
                case 0 -> piapi.script(id, task(id, "completed"));
                case 1 -> piapi.script(id, failedTask(id, "nsfw"));
                default -> { } // unknown to PiAPI: 404, not_found
            }
            kind.put(id, List.of("completed", "task_failed", "not_found").get(i % 3));
        }
        collector = CollectorRun.start(root, piapi.baseUrl(), Map.of("collector.http.token", TOKEN,
                "collector.poll.initial-delay", "60s", "collector.poll.max-delay", "60s"));
        HttpFace http = new HttpFace(collector);
        http.post("/tasks", String.join("\n", live), "Authorization", "Bearer " + TOKEN, "Content-Type", "text/plain");
        Ledger ledger = collector.ledger();
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.countByState().get(TaskState.DEAD) == 140
                && ledger.countByState().get(TaskState.COMPLETED) == 70);

        browser = chromium();
        browser.get(http.uri("/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(b -> b.findElement(By.id("login")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.id("login-button")).click();
        wait.until(b -> b.findElements(By.cssSelector("#dead tbody tr")).size() == 2);

        assertThat(text("count-open")).isEqualTo(String.valueOf(ledger.countByState().get(TaskState.OPEN))).isEqualTo("60");
        assertThat(text("count-completed")).isEqualTo("70");
        assertThat(text("count-dead")).isEqualTo("140");
        // read in one script: the page redraws its tables at every refresh
        Object rows = ((ChromeDriver) browser).executeScript("return Array.from(document.querySelectorAll('#dead tbody tr'))"
                + ".map(r => r.dataset.reason + '=' + r.cells[1].textContent)");
        assertThat(rows).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class)).containsExactlyInAnyOrder("task_failed=70", "not_found=70");
        org.openqa.selenium.WebElement plot = browser.findElement(By.cssSelector("#throughput .uplot canvas"));
        assertThat(plot.getSize().getWidth()).isGreaterThan(200);
        assertThat(browser.findElement(By.cssSelector("#throughput .u-legend")).getText()).contains("collected", "dead-lettered", "polls");
        assertThat(browser.findElements(By.cssSelector("#oldest tbody tr"))).hasSize(10);
        assertThat(browser.findElement(By.id("health")).getText()).contains("collector-ledger");
        Path shot = Path.of("target", "status-page.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

        wait.ignoring(StaleElementReferenceException.class).until(b -> {
            b.findElement(By.cssSelector("#dead tr[data-reason='task_failed'] button.replay")).click();
            return true;
        });
        wait.until(b -> b.findElement(By.id("replayed")).getText().startsWith("Replayed 70 task_failed"));

        for (String id : kind.keySet()) {
            int reopened = ledger.find(id).orElseThrow().reopened();
            assertThat(reopened).as(id + " (" + kind.get(id) + ")").isEqualTo(kind.get(id).equals("task_failed") ? 1 : 0);
        }
    }

    /**
     * 240 tasks straight into the (not yet running) collector's ledger, as an earlier run left them: 60 completed,
     * 60 task_failed, 60 not_found, and 60 open that PiAPI still reports as processing.
     */
    private void seedLedger(Map<String, String> kind) {
        try (HikariDataSource ds = LedgerDatabase.open(LedgerDatabase.embeddedUrl(root.resolve("state")), null, null, 2)) {
            JdbcLedger ledger = new JdbcLedger(ds);
            Instant then = Instant.now().minus(Duration.ofMinutes(30));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                ids.add(String.format("seed-%03d", i));
            }
            ledger.admit(ids, "earlier.txt", then, then.plus(Duration.ofDays(1)));
            for (int i = 0; i < 240; i++) {
                String id = ids.get(i);
                String k = List.of("completed", "task_failed", "not_found", "open").get(i % 4);
                kind.put(id, k);
                switch (k) {
                    case "completed" -> ledger.settle(id, TaskState.COMPLETED, null, "completed/" + id + ".json", then);
                    case "open" -> piapi.script(id, task(id, "processing"));
                    default -> ledger.settle(id, TaskState.DEAD, k, null, then);
                }
            }
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Without Debian's chromium and chromium-driver the test is skipped, unless -Dcollector.test.browser=required (.ci/run). */
    private static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String why = "no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)";
        if ("required".equals(System.getProperty("collector.test.browser"))) {
            throw new AssertionError(why);
        }
        Assumptions.abort(why);
    }
}
