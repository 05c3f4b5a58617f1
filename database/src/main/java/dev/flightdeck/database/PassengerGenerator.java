package dev.flightdeck.database;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Makes up passengers from the name lists in {@code seed/}: realistic names (accents
 * included), an email derived from the name, often a phone number and a birth date, sometimes
 * a loyalty number.
 */
final class PassengerGenerator {

    static final String FIRST_NAMES = "seed/first-names.txt";
    static final String LAST_NAMES = "seed/last-names.txt";

    // Reserved example domains (RFC 2606): generated addresses can never reach anyone.
    private static final List<String> EMAIL_DOMAINS = List.of("example.com", "example.org", "example.net");
    // Country calling codes of the network's markets.
    private static final List<String> CALLING_CODES =
            List.of("1", "31", "33", "34", "39", "41", "44", "45", "46", "49", "61", "65", "81", "91", "971");
    private static final LocalDate OLDEST_BIRTH_DATE = LocalDate.of(1940, 1, 1);
    private static final LocalDate YOUNGEST_BIRTH_DATE = LocalDate.of(2012, 12, 31);

    private final List<String> firstNames;
    private final List<String> lastNames;

    private PassengerGenerator(List<String> firstNames, List<String> lastNames) {
        this.firstNames = firstNames;
        this.lastNames = lastNames;
    }

    static PassengerGenerator fromResources() {
        return new PassengerGenerator(CsvResource.readLines(FIRST_NAMES), CsvResource.readLines(LAST_NAMES));
    }

    /**
     * A new passenger whose email carries {@code emailTag} (may be empty) to keep it unique,
     * e.g. {@code lea.dubois.7@example.org}.
     */
    NewPassenger next(RandomGenerator random, String emailTag) {
        String first = firstNames.get(random.nextInt(firstNames.size()));
        String last = lastNames.get(random.nextInt(lastNames.size()));
        String phone = random.nextDouble() < 0.75 ? phone(random) : null;
        LocalDate born = random.nextDouble() < 0.85
                ? OLDEST_BIRTH_DATE.plusDays(random.nextLong(ChronoUnit.DAYS.between(OLDEST_BIRTH_DATE, YOUNGEST_BIRTH_DATE) + 1))
                : null;
        String loyalty = random.nextDouble() < 0.35 ? loyaltyNumber(random) : null;
        return new NewPassenger(first, last, email(first, last, emailTag, random), phone, born, loyalty);
    }

    static String email(String firstName, String lastName, String tag, RandomGenerator random) {
        String local = asciiWord(firstName) + "." + asciiWord(lastName) + (tag.isEmpty() ? "" : "." + tag);
        return local + "@" + EMAIL_DOMAINS.get(random.nextInt(EMAIL_DOMAINS.size()));
    }

    /** An E.164 mobile number, e.g. {@code +4915123456789}. */
    static String phone(RandomGenerator random) {
        StringBuilder phone = new StringBuilder("+").append(CALLING_CODES.get(random.nextInt(CALLING_CODES.size())));
        phone.append(1 + random.nextInt(9));
        for (int i = 0; i < 8; i++) {
            phone.append(random.nextInt(10));
        }
        return phone.toString();
    }

    /** The airline's frequent-flyer number: {@code FD} and nine digits. */
    static String loyaltyNumber(RandomGenerator random) {
        return RouteNetwork.AIRLINE + (100_000_000 + random.nextInt(900_000_000));
    }

    /** Lower-case ASCII letters of a name, for email addresses: "Østergaard" gives "ostergaard". */
    static String asciiWord(String name) {
        String folded = name.replace("Ł", "L").replace("ł", "l").replace("Ø", "O").replace("ø", "o")
                .replace("ß", "ss").replace("ı", "i");
        return Normalizer.normalize(folded, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "");
    }
}
