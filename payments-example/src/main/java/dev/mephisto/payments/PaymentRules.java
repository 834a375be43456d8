package dev.mephisto.payments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The payments team's rules as data: which payments are valid, and which ledger each valid one is
 * attributed to. Loaded from JSON; the defaults ship in the jar as {@code payments-rules.json}.
 *
 * <pre>{@code
 * {
 *   "validation": [
 *     {"check": "required", "field": "paymentId"},
 *     {"check": "currencyIn", "currencies": ["EUR", "USD", "JPY"]},
 *     {"check": "positiveAmount"},
 *     {"check": "currencyMinorUnits"}
 *   ],
 *   "ledgers": [
 *     {"ledger": "groceries", "merchantCategories": ["5411"]},
 *     {"ledger": "general"}
 *   ]
 * }
 * }</pre>
 *
 * <pre>{@code
 * PaymentRules rules = PaymentRules.load(Path.of("my-rules.json"));
 * List<String> problems = rules.violations(payment);   // empty: valid
 * LedgerRule ledger = rules.attribute(payment);
 * }</pre>
 */
public final class PaymentRules {

    /** Most digits an amount may have before the decimal point, whatever the rules say. */
    public static final int MAX_AMOUNT_DIGITS = 18;

    /**
     * A payment must be received before this: its due time (receivedAt plus the reconcile window)
     * must stay within the years the JSON codec reads (0001 to 9999).
     */
    public static final Instant RECEIVED_BEFORE = Instant.parse("9000-01-01T00:00:00Z");

    /** The classpath resource holding the default rules. */
    public static final String DEFAULT_RESOURCE = "payments-rules.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** The rules file's shape. */
    record Document(List<ValidationRule> validation, List<LedgerRule> ledgers) {
    }

    private final String origin;
    private final List<ValidationRule> validation;
    private final List<LedgerRule> ledgers;

    private PaymentRules(String origin, List<ValidationRule> validation, List<LedgerRule> ledgers) {
        this.origin = origin;
        this.validation = List.copyOf(validation);
        this.ledgers = List.copyOf(ledgers);
    }

    /** The rules shipped in the jar ({@value #DEFAULT_RESOURCE}). */
    public static PaymentRules defaults() {
        try (InputStream in = PaymentRules.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default rules resource " + DEFAULT_RESOURCE + " is missing from"
                        + " the classpath: rebuild the payments jar, or point PAYMENTS_RULES at a rules file");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "resource " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + DEFAULT_RESOURCE, e);
        }
    }

    /**
     * Rules from a JSON file.
     *
     * @throws IllegalArgumentException naming the file, the rule and the fix when the file is not
     *     valid rules
     */
    public static PaymentRules load(Path file) {
        Objects.requireNonNull(file, "file can't be null");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("rules file " + file.toAbsolutePath() + " does not exist: give the path"
                    + " of a JSON rules file (see " + DEFAULT_RESOURCE + " in the jar for the shape)");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), "rules file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules file " + file.toAbsolutePath(), e);
        }
    }

    /**
     * Rules from JSON text; {@code origin} names it in messages.
     *
     * @throws IllegalArgumentException naming the origin, the rule and the fix
     */
    public static PaymentRules parse(String json, String origin) {
        Objects.requireNonNull(json, "json can't be null");
        Objects.requireNonNull(origin, "origin can't be null");
        Document document;
        try {
            document = MAPPER.readValue(json, Document.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(origin + " is not valid rules JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr()), e);
        }
        if (document == null || document.validation() == null || document.ledgers() == null) {
            throw new IllegalArgumentException(origin + " needs both a \"validation\" list and a \"ledgers\" list");
        }
        List<ValidationRule> validation = new ArrayList<>();
        for (int i = 0; i < document.validation().size(); i++) {
            validation.add(document.validation().get(i).requireComplete(origin + ", validation rule #" + (i + 1)));
        }
        List<LedgerRule> ledgers = new ArrayList<>();
        for (int i = 0; i < document.ledgers().size(); i++) {
            ledgers.add(document.ledgers().get(i).requireComplete(origin + ", ledger rule #" + (i + 1)));
        }
        if (ledgers.isEmpty() || !ledgers.get(ledgers.size() - 1).matchesEverything()) {
            throw new IllegalArgumentException(origin + ": the last ledger rule must have no conditions, so every valid"
                    + " payment gets a ledger; end the list with {\"ledger\": \"general\"}");
        }
        if (ledgers.get(ledgers.size() - 1).holds()) {
            throw new IllegalArgumentException(origin + ": the last ledger rule holds every payment not matched"
                    + " before it; remove \"hold\" from it");
        }
        return new PaymentRules(origin, validation, ledgers);
    }

    /**
     * Every rule {@code payment} breaks, one reason each, in rule order, then what the pipeline itself
     * needs and the rules did not already say (see {@link #pipelineViolations}); empty when it is valid.
     */
    public List<String> violations(PaymentReceived payment) {
        Objects.requireNonNull(payment, "payment can't be null");
        Set<String> problems = new LinkedHashSet<>();
        for (ValidationRule rule : validation) {
            rule.violation(payment).ifPresent(problems::add);
        }
        problems.addAll(pipelineViolations(payment));
        return List.copyOf(problems);
    }

    /**
     * What the pipeline needs of every payment whatever the rules file says, so that nothing after
     * validation can fail once a processed record is sent: ids to key by and count under, a
     * {@code receivedAt} to measure lateness from, an ISO 4217 currency and an amount the balance can
     * add exactly (at most {@value #MAX_AMOUNT_DIGITS} digits before the point, no more decimals than
     * the currency has). Each reason reads as the matching rule's would, so a file that has the rule
     * reports it once.
     */
    static List<String> pipelineViolations(PaymentReceived payment) {
        List<String> problems = new ArrayList<>();
        requireText(problems, "paymentId", payment.paymentId());
        requireText(problems, "accountId", payment.accountId());
        if (payment.receivedAt() == null) {
            problems.add("receivedAt is required and must not be blank");
        } else if (payment.receivedAt().isBefore(Instant.EPOCH) || !payment.receivedAt().isBefore(RECEIVED_BEFORE)) {
            problems.add("receivedAt " + payment.receivedAt() + " is out of range: from " + Instant.EPOCH
                    + " to before " + RECEIVED_BEFORE);
        }
        if (payment.currency() == null || payment.currency().isBlank()) {
            problems.add("currency is required (an ISO 4217 code such as EUR)");
        } else if (!ValidationRule.isIsoCurrency(payment.currency())) {
            problems.add("currency '" + payment.currency() + "' is not an ISO 4217 code");
        }
        BigDecimal amount = payment.amount();
        if (amount == null) {
            problems.add("amount is required");
        } else if ((long) amount.precision() - amount.scale() > MAX_AMOUNT_DIGITS) {
            problems.add("amount " + ValidationRule.show(amount) + " is out of range: at most " + MAX_AMOUNT_DIGITS
                    + " digits before the decimal point");
        } else if (ValidationRule.isIsoCurrency(payment.currency())) {
            int digits = Currency.getInstance(payment.currency()).getDefaultFractionDigits();
            if (amount.scale() > digits && amount.stripTrailingZeros().scale() > digits) {
                problems.add("amount " + ValidationRule.show(amount) + " has more decimals than " + payment.currency()
                        + " allows (" + digits + ")");
            }
        }
        return problems;
    }

    private static void requireText(List<String> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required and must not be blank");
        }
    }

    /** Whether {@code payment} keeps every validation rule. */
    public boolean isValid(PaymentReceived payment) {
        return payment != null && violations(payment).isEmpty();
    }

    /** The first ledger rule that matches a valid {@code payment}; the last rule matches any. */
    public LedgerRule attribute(PaymentReceived payment) {
        Objects.requireNonNull(payment, "payment can't be null");
        for (LedgerRule rule : ledgers) {
            if (rule.matches(payment)) {
                return rule;
            }
        }
        throw new IllegalStateException("no ledger rule of " + origin + " matched payment " + payment.paymentId());
    }

    /** The validation rules, in order. */
    public List<ValidationRule> validation() {
        return validation;
    }

    /** The ledger rules, in order. */
    public List<LedgerRule> ledgers() {
        return ledgers;
    }

    /** The currencies the {@code currencyIn} rules accept (all of them must hold), or empty when none restricts. */
    public List<String> acceptedCurrencies() {
        return validation.stream().filter(rule -> rule.check().equals("currencyIn")).map(ValidationRule::currencies)
                .reduce((a, b) -> a.stream().filter(b::contains).toList()).orElse(List.of());
    }

    /** Where these rules came from. */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "PaymentRules(" + origin + ", " + validation.size() + " validation rules, " + ledgers.size()
                + " ledger rules)";
    }
}
