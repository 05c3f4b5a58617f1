package dev.flightdeck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page in a real browser (Debian's headless Chromium, driven through its chromedriver)
 * on the running stack: a search shows exactly MySQL's flights, a seat booked in MySQL turns taken
 * on the open seat map by itself, and a key over its rate gets the page's message. Each step's
 * screenshot is kept under target/screenshots. Without Chromium the class is skipped, unless
 * FLIGHTDECK_REQUIRE_BROWSER is set (CI sets it and installs Chromium).
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static WebDriver browser;
    private static Path profileDir;

    private final SharedStack stack = SharedStack.get();

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("FLIGHTDECK_REQUIRE_BROWSER") != null && !installed) {
            throw new IllegalStateException("FLIGHTDECK_REQUIRE_BROWSER is set but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        assumeTrue(installed, "no Chromium here: apt-get install chromium chromium-driver to run the page tests");
        Files.createDirectories(SCREENSHOTS);
        profileDir = Files.createTempDirectory("flightdeck-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // No background traffic: this machine's network is closed, and a test must not depend on one.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1600", "--user-data-dir=" + profileDir);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (profileDir != null) {
            SharedStack.deleteRecursively(profileDir);
        }
    }

    /** Read once per test: the status comes from a command, far slower than a request to the service. */
    private final String baseUrl = stack.searchServiceUrl();

    private String baseUrl() {
        return baseUrl;
    }

    private String apiKey() throws Exception {
        return stack.searchApiKey();
    }

    private WebDriverWait waitUpTo(Duration duration) {
        WebDriverWait wait = new WebDriverWait(browser, duration);
        wait.pollingEvery(Duration.ofMillis(100));
        return wait;
    }

    private static void screenshot(String name) throws Exception {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    private void openPage() throws Exception {
        openPageWith(apiKey());
    }

    /** A fresh load with {@code key}: a URL differing only in its fragment would not reload the page. */
    private void openPageWith(String key) {
        browser.get("about:blank");
        browser.get(baseUrl() + "/#key=" + key);
        waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("search-form")).isDisplayed());
    }

    private void fill(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", field, value);
    }

    @Test
    @Order(1)
    void shouldShowExactlyTheFlightsMysqlHasForARouteAndDay() throws Exception {
        String origin;
        String destination;
        String day;
        Set<String> expected = new TreeSet<>();
        try (Connection db = stack.app(); ResultSet route = db.createStatement().executeQuery(
                "SELECT origin, destination, DATE(departure_time) FROM flight GROUP BY 1, 2, 3 ORDER BY COUNT(*) DESC, 1, 2, 3 LIMIT 1")) {
            assertThat(route.next()).isTrue();
            origin = route.getString(1);
            destination = route.getString(2);
            day = route.getString(3);
            try (PreparedStatement ids = db.prepareStatement(
                    "SELECT id FROM flight WHERE origin = ? AND destination = ? AND DATE(departure_time) = ?")) {
                ids.setString(1, origin);
                ids.setString(2, destination);
                ids.setString(3, day);
                ResultSet rows = ids.executeQuery();
                while (rows.next()) {
                    expected.add(Long.toString(rows.getLong(1)));
                }
            }
        }
        openPage();
        browser.findElement(By.id("origin")).sendKeys(origin.substring(0, 2).toLowerCase());
        waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#origin-options [role=option]")).isEmpty());
        screenshot("01-autocomplete");
        fill("origin", origin);
        fill("destination", destination);
        fill("date", day);
        browser.findElement(By.id("search-button")).click();

        waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#results li.flight")).isEmpty());
        screenshot("02-results");
        Set<String> shown = new TreeSet<>();
        for (WebElement flight : browser.findElements(By.cssSelector("#results li.flight"))) {
            shown.add(flight.getAttribute("data-flight-id"));
        }
        assertThat(shown).isEqualTo(expected);
        assertThat(browser.findElement(By.id("facets")).getText()).isNotBlank();
    }

    @Test
    @Order(2)
    void shouldMarkASeatBookedInMysqlAsTakenOnTheOpenSeatMap() throws Exception {
        long flightId;
        String seat;
        String cabin;
        String origin;
        String destination;
        String day;
        try (Connection db = stack.app(); ResultSet free = db.createStatement().executeQuery(
                "SELECT f.id, s.seat_no, s.cabin, f.origin, f.destination, DATE(f.departure_time) FROM flight f"
                        + " JOIN seat_map s ON s.aircraft_type = f.aircraft_type"
                        + " WHERE f.departure_time > NOW() + INTERVAL 1 DAY AND f.status = 'SCHEDULED' AND NOT EXISTS"
                        + " (SELECT 1 FROM booking b WHERE b.flight_id = f.id AND b.active_seat = s.seat_no)"
                        + " ORDER BY f.id DESC, s.seat_row, s.seat_letter LIMIT 1")) {
            assertThat(free.next()).isTrue();
            flightId = free.getLong(1);
            seat = free.getString(2);
            cabin = free.getString(3);
            origin = free.getString(4);
            destination = free.getString(5);
            day = free.getString(6);
        }
        openPage();
        fill("origin", origin);
        fill("destination", destination);
        fill("date", day);
        browser.findElement(By.id("search-button")).click();
        By flight = By.cssSelector("#results li.flight[data-flight-id='" + flightId + "'] .seat-map-button");
        waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElements(flight).isEmpty());
        browser.findElement(flight).click();
        By seatOnMap = By.cssSelector("#seat-map .seat[data-seat='" + seat + "']");
        waitUpTo(Duration.ofSeconds(20)).until(d -> !d.findElements(seatOnMap).isEmpty());
        assertThat(browser.findElement(seatOnMap).getAttribute("data-taken")).isEqualTo("false");
        screenshot("03-seat-map-before");

        try (Connection db = stack.app(); PreparedStatement book = db.prepareStatement(
                "INSERT INTO booking (reference, flight_id, passenger_id, cabin, seat_no, status, fare, currency, hold_expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, 'CONFIRMED', 150.00, 'EUR', NULL)")) {
            book.setString(1, Rows.newReference());
            book.setLong(2, flightId);
            book.setLong(3, Rows.newPassenger(db));
            book.setString(4, cabin);
            book.setString(5, seat);
            book.executeUpdate();
        }

        waitUpTo(Duration.ofSeconds(20)).until(d -> "true".equals(d.findElement(seatOnMap).getAttribute("data-taken")));
        screenshot("04-seat-map-after-booking");
    }

    @Test
    @Order(3)
    void shouldTellTheUserWhenTheKeyIsOverItsRate() throws Exception {
        // A key of its own with one request per 20 s: the page's own search is the one refused, whatever the timing.
        String key = "fdk_page-test-" + Long.toHexString(System.nanoTime());
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
        Path keys = stack.driver().dataDir().resolve("search-service").resolve("api-keys");
        Files.writeString(keys, "page-test sha256:" + digest + " rate=0.05 burst=1\n", StandardOpenOption.APPEND);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // The service re-reads the file within seconds; the request that finds the key accepted spends its one token.
        waitUpTo(Duration.ofSeconds(30)).until(d -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/airports?q=f")).header("X-Api-Key", key).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() != 401;
            } catch (Exception e) {
                return false;
            }
        });
        openPageWith(key);
        fill("origin", "FRA");
        browser.findElement(By.id("search-button")).click();

        waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("message")).getText().toLowerCase().contains("too many requests"));
        assertThat(browser.findElement(By.id("search-button")).isEnabled()).isFalse();
        screenshot("05-rate-limited");
    }
}
