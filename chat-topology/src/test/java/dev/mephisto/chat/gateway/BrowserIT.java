package dev.mephisto.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mephisto.ClientOptions;
import dev.mephisto.TopicClient;
import dev.mephisto.Worker;
import dev.mephisto.WorkerOptions;
import dev.mephisto.chat.ChatApp;
import dev.mephisto.chat.ChatOptions;
import dev.mephisto.chat.SportEvent;
import dev.mephisto.testing.KafkaClusterExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser page in a real browser: headless Chromium driven by Selenium, against a worker and a
 * gateway on the real broker. Skips, saying why, where Chromium or its driver is not installed
 * ({@code apt-get install -y chromium chromium-driver}).
 */
@Timeout(300)
class BrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static KafkaClusterExtension kafka = KafkaClusterExtension.brokers(1);

    @TempDir
    Path state;

    @Test
    void shouldLetTwoPeopleChatFilterTheFeedSeeEachOtherLeaveAndRefuseATakenName() throws Exception {
        File chromium = found("chromium", "chromium-browser", "google-chrome");
        File driver = found("chromedriver");
        assumeTrue(chromium != null, "no chromium on this machine: apt-get install -y chromium");
        assumeTrue(driver != null, "no chromedriver on this machine: apt-get install -y chromium-driver");
        ChatApp chat = ChatApp.create(ChatOptions.defaults());
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (Worker worker = Worker.start(chat.app(), WorkerOptions.defaults().withBroker(kafka.bootstrapServers())
                .withStateDir(state.resolve("w")).withWebPort(0))) {
            worker.awaitRunning(Duration.ofSeconds(120));
            try (Gateway gateway = Gateway.start(chat, props, GatewayOptions.defaults().withPort(0));
                    Browser alex = new Browser(chromium, driver, state.resolve("alex"));
                    Browser tim = new Browser(chromium, driver, state.resolve("tim"))) {
                alex.open(gateway.url());
                screenshot(alex, "chat-lobby.png");
                alex.join("alex", 1);
                tim.open(gateway.url());
                tim.join("tim", 1);
                alex.awaitLog("* tim joined");
                alex.awaitText("members", "tim");

                alex.say("hello <b>tim</b> <img src=x onerror=alert(1)>");
                tim.awaitLog("alex: hello <b>tim</b> <img src=x onerror=alert(1)>");
                assertTrue(tim.driver.findElements(By.cssSelector("#log b, #log img")).isEmpty(),
                        "a comment is shown as text, never as HTML");
                tim.say("hi alex");
                alex.awaitLog("tim: hi alex");
                tim.say("/users");
                tim.awaitLog("members of room 1 (2): alex, tim");

                tim.filter("sport = 1");
                tim.awaitLog("* tim set the filters: sport [sport = 1]");
                try (TopicClient client = TopicClient.connect(chat.app(), ClientOptions.defaults().withKafka(props))) {
                    client.send(chat.sportEvents(), "e1", new SportEvent(1, 1, 2, "Rovers v United", "kickoff"));
                    client.send(chat.sportEvents(), "e2", new SportEvent(2, 2, 1, "Lions v Tigers", "goal"));
                    client.flush();
                }
                tim.awaitLog("[sport 1] Lions v Tigers: goal");
                alex.awaitLog("[sport 1] Lions v Tigers: goal");
                screenshot(tim, "chat-room.png");
                assertTrue(tim.logLines().stream().noneMatch(l -> l.contains("Rovers v United")),
                        "the filter keeps the other sport out: " + tim.logLines());

                alex.driver.quit();
                tim.awaitLog("* alex left");
                tim.awaitText("members", "tim");
                assertTrue(!tim.text("members").contains("alex"), tim.text("members"));

                try (Browser impostor = new Browser(chromium, driver, state.resolve("impostor"))) {
                    impostor.open(gateway.url());
                    impostor.join("tim", 2);
                    impostor.awaitText("lobby-error", "the name is taken");
                    screenshot(impostor, "chat-name-taken.png");
                }
            }
        }
    }

    private static void screenshot(Browser browser, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        File png = ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static File found(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                File file = new File(dir, name);
                if (file.canExecute()) {
                    return file;
                }
            }
        }
        return null;
    }

    /** One headless Chromium with a fresh profile. */
    private static final class Browser implements AutoCloseable {
        final WebDriver driver;

        Browser(File chromium, File chromedriver, Path profile) {
            ChromeOptions options = new ChromeOptions().setBinary(chromium);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1100,760", "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                    .usingAnyFreePort().build();
            this.driver = new ChromeDriver(service, options);
        }

        void open(String url) {
            driver.get(url);
            new WebDriverWait(driver, WAIT).until(d -> !d.findElements(By.cssSelector("#rooms tbody tr")).isEmpty());
        }

        void join(String name, int room) {
            WebElement field = driver.findElement(By.id("name"));
            field.clear();
            field.sendKeys(name);
            driver.findElement(By.id("join-" + room)).click();
        }

        void say(String text) {
            awaitVisible("comment");
            driver.findElement(By.id("comment")).sendKeys(text);
            driver.findElement(By.id("send")).click();
        }

        void filter(String sport) {
            driver.findElement(By.id("sport-filter")).sendKeys(sport);
            driver.findElement(By.id("apply-filter")).click();
        }

        List<String> logLines() {
            return driver.findElements(By.cssSelector("#log li")).stream().map(WebElement::getText).toList();
        }

        String text(String id) {
            return driver.findElement(By.id(id)).getText();
        }

        void awaitVisible(String id) {
            new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id(id)).isDisplayed());
        }

        void awaitLog(String line) {
            try {
                new WebDriverWait(driver, WAIT).until(d -> logLines().stream().anyMatch(l -> l.contains(line)));
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("the page never showed '" + line + "'; it shows " + logLines(), e);
            }
        }

        void awaitText(String id, String text) {
            try {
                new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.id(id)).getText().contains(text));
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("#" + id + " never showed '" + text + "'; it shows '" + text(id) + "'", e);
            }
        }

        @Override
        public void close() {
            try {
                driver.quit();
            } catch (RuntimeException alreadyGone) {
                // quit before
            }
        }
    }
}
