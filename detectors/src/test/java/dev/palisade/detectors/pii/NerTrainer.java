package dev.palisade.detectors.pii;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import net.datafaker.Faker;
import opennlp.tools.ml.BeamSearch;
import opennlp.tools.namefind.BioCodec;
import opennlp.tools.namefind.NameFinderME;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.namefind.TokenNameFinderFactory;
import opennlp.tools.namefind.TokenNameFinderModel;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.Span;
import opennlp.tools.util.TrainingParameters;

/**
 * Trains Palisade's name finder and writes its gazetteers, from synthetic sentences only.
 *
 * <p>Every name, place, street and company comes from Datafaker (several locales, fixed seed);
 * the sentence templates are written here. Nothing is read from the evaluation data. Run it with
 * {@code detectors/train-ner.sh}; the output goes to {@code src/main/resources} so it ships in the
 * jar.
 */
public final class NerTrainer {

  static final long SEED = 20261127L;
  static final int SENTENCES = 40_000;

  private static final String[] LOCALES = {
    "en-US", "en-GB", "en-AU", "en-CA", "en-IE", "de-DE", "de-AT", "de-CH", "fr-FR", "es-ES",
    "it-IT", "nl-NL", "sv-SE", "da-DK", "nb-NO", "fi-FI", "pl-PL", "hu-HU", "cs-CZ", "pt-BR",
    "pt-PT", "el-GR", "ru-RU", "tr-TR", "en-IN", "en-ZA", "en-NZ", "sk-SK", "hr-HR", "uk-UA"
  };

  // Templates: {P} person, {F} first name, {L} last name, {C} city, {K} country, {S} street
  // address, {A} full address, {O} organization, {N} nationality/religion/political group,
  // {D} date (not labelled), {J} job (not labelled), {X} a number (not labelled).
  private static final String[] TEMPLATES = {
    "My name is {P} and I live in {C}.",
    "{P} works at {O} in {C}, {K}.",
    "Please send the package to {A}.",
    "Ship it to {S}, {C}.",
    "{P}'s new address is {A}",
    "I met {F} at the {O} office on {S}.",
    "Born in {C}, {P} moved to {K} when she was {X}.",
    "{F} {L} joined {O} as a {J} in {D}.",
    "The {N} community in {C} celebrated the festival.",
    "We flew from {C} to {C} last {D}.",
    "According to {P}, the deal with {O} is off.",
    "Dear {P}, thank you for contacting {O}.",
    "Hi {F}, can you call me back?",
    "{L} said the meeting was moved to {D}.",
    "Mr. {L} and Mrs. {L} arrived from {K}.",
    "Dr. {P} is the new {J} at {O}.",
    "She grew up on {S} in {C}.",
    "The invoice was addressed to {O}, {A}.",
    "{O} opened a new branch in {C}.",
    "I'm {F}, a {N} student living in {K}.",
    "Our customer {P} lives at {S}, {C}, {K}.",
    "{P} ({J}) has been with {O} since {D}.",
    "Can you update my address to {A}?",
    "I want to change my billing address to {A}",
    "The {N} party won the election in {K}.",
    "Is {F} coming to {C} with us?",
    "{F} told {F} that {O} was hiring.",
    "Visit us at {S}, {C}.",
    "He is a {N} citizen born in {C}.",
    "The report by {O} covers {K} and {K}.",
    "Ask {P} about the {C} project.",
    "{P} was arrested in {C} on {D}.",
    "Meet me at {S} at noon.",
    "The headquarters of {O} are located in {C}.",
    "{L}, {F} - {J}, {O}",
    "Name: {P}\nAddress: {A}",
    "From: {P}\nTo: {P}\nSubject: meeting in {C}",
    "Contact person: {P}, {O}, {C}",
    "My friend {F} is visiting from {K} next week.",
    "I think {F} and {F} went to {C} yesterday.",
    "We stayed at a hotel on {S} near the old town of {C}.",
    "{P} signed the contract on behalf of {O}.",
    "The {N} embassy in {C} issued a statement.",
    "Thanks {F}!",
    "{O} and {O} announced a merger.",
    "{P} is {X} years old and lives in {K}.",
    "Tell {F} I said hello.",
    "The flight to {K} was cancelled.",
    "Her father is {N} and her mother is from {K}.",
    "{L} scored twice for {C} on Saturday.",
    "Please forward this to {P} at {O}.",
    "Address for delivery: {A}",
    "We are a {N} family that moved to {C} from {K}.",
    "{F} lives at {A} with her husband {F}.",
    "The conference in {C} was organized by {O}.",
    "In {D}, {P} founded {O}.",
    "My landlord {P} owns the building at {S}.",
    "Go to {S} and turn left.",
    "When did {F} leave {C}?",
    "{P} and {P} are getting married in {C}.",
    "The suspect, {P}, was last seen in {C}, {K}.",
    "I work for {O} as a {J}.",
    "Our office moved to {A}.",
    "The {N} minister met {P} in {K}.",
    "Could {F} {L} please report to the front desk?",
    "Regards, {P}",
    "Best wishes,\n{F}",
    "Patient {P}, resident of {C}, was admitted on {D}.",
    "I really think {F} deserves the award, the film was great.",
    "The album was produced by {P} and released in {D}.",
    "Hi {F}, I have a question about my order.",
    "Hey {F}! Long time no see.",
    "The new book by {L} is about growing up in {K}.",
    "{F} just wants to go home.",
    "Directed by {P} and starring {F} {L}, the movie was a hit.",
    "The song, written by {L}, became popular in {K}.",
    "Don't tell {F} about the party!",
    "Yesterday {F} called and asked about the {W}.",
    "We need to {W} before {F} gets back from {C}.",
    "{P} said we should {W}.",
    "The team at {O} wants to {W}.",
    "I'd like to add {P} as a beneficiary to my account.",
    "Can {F} {L} sign the form instead of me?",
    "The package for {P} was left at {S}.",
    "How far is {C} from {C}?",
    "I grew up in {C} but now live in {K}.",
    "{O} is hiring engineers in {C}.",
    "Shares of {O} fell after the announcement.",
    "{L} was born in {C} in {D}.",
    "My daughter {F} starts school in {D}.",
    "The interview with {P} was published by {O}.",
    "Thanks to {F} and {F} for the help!",
    "Our neighbour {F} moved to {S}.",
    "{F}, please review the {W} plan.",
    "The {W} initiative was led by {P}.",
    "Please cancel the appointment for {P}.",
    "Send the invoice to {O} at {A}.",
    "I live at {S}.",
    "He moved to {S} last year.",
    "Her office is at {A}.",
    "Deliver to: {A}",
    "What's the weather like in {C} today?",
    "{K} won the match against {K}.",
  };

  // Sentences without entities, so capitals and numbers alone do not make a name.
  private static final String[] NEGATIVES = {
    "The Committee approved the Budget on Monday.",
    "Please Read The Terms And Conditions Carefully.",
    "It was a great movie, I loved the ending.",
    "Can you summarize this article in three bullet points?",
    "The Quarterly Report shows growth in every region.",
    "Turn left after the second traffic light.",
    "Write a Python function that sorts a list.",
    "The weather was cold and windy all week.",
    "Our Privacy Policy explains how we use Cookies.",
    "Click Save, then Close the Window.",
    "The Board Meeting starts at ten.",
    "I ordered {X} items and only received {X}.",
    "The Customer Service team will reply within {X} days.",
    "What is the capital of the moon?",
    "He is a {J} and loves his job.",
    "Translate the following sentence into French.",
    "The Annual General Meeting was postponed.",
    "This Product Is Not Available In Your Area.",
    "Thank you for your patience.",
    "The results were published in {D}.",
    "We should {W} and {W}.",
    "The plan is to {W} next quarter.",
    "Our product is a {2} for every team.",
    "The {J} asked for a new laptop.",
    "Great movie, but the ending was too long.",
    "This is one of the best songs on the album.",
    "Number one on the list was a surprise.",
    "How do I reset my password?",
    "Please call me when you are here.",
    "What is the best way to learn a new language?",
    "The film was directed and produced by the same studio.",
    "I have a problem with my account.",
    "Which option is cheaper?",
    "The meeting notes are attached.",
    "Answer: it depends on the weather.",
    "Note: the office is closed on public holidays.",
    "Dear customer, your order has shipped.",
    "They made a mistake in the invoice.",
    "It was the first recording to sell a million copies.",
  };

  private NerTrainer() {}

  public static void main(String[] args) throws IOException {
    Path resources = Path.of(args.length > 0 ? args[0] : "detectors/src/main/resources/dev/palisade/detectors/pii");
    Random random = new Random(SEED);
    List<Faker> fakers = new ArrayList<>();
    for (String tag : LOCALES) {
      fakers.add(new Faker(Locale.forLanguageTag(tag), new Random(random.nextLong())));
    }
    Generator gen = new Generator(random, fakers);
    List<NameSample> samples = new ArrayList<>(SENTENCES);
    for (int i = 0; i < SENTENCES; i++) {
      samples.add(gen.sample());
    }
    writeGazetteers(resources, fakers, random);

    TrainingParameters params = TrainingParameters.defaultParams();
    params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
    params.put(TrainingParameters.ITERATIONS_PARAM, 120);
    params.put(TrainingParameters.CUTOFF_PARAM, 3);
    params.put(TrainingParameters.THREADS_PARAM, 2);
    // greedy decoding: a third of the work of the default beam of 3, for about 1 point of F2
    params.put(BeamSearch.BEAM_SIZE_PARAMETER, 1);
    byte[] features;
    try (InputStream in = NerTrainer.class.getResourceAsStream("/dev/palisade/detectors/pii/ner-features.xml")) {
      features = in.readAllBytes();
    }
    TokenNameFinderFactory factory = TokenNameFinderFactory.create(null, features, Map.of(), new BioCodec());
    TokenNameFinderModel model = NameFinderME.train("en", null,
        ObjectStreamUtils.createObjectStream(samples), params, factory);
    Path out = resources.resolve("ner-en.bin");
    try (OutputStream os = Files.newOutputStream(out)) {
      model.serialize(os);
    }
    System.out.println("wrote " + out + " (" + Files.size(out) + " bytes) from " + samples.size() + " sentences");
  }

  private static void writeGazetteers(Path dir, List<Faker> fakers, Random random) throws IOException {
    TreeSet<String> first = new TreeSet<>();
    TreeSet<String> last = new TreeSet<>();
    TreeSet<String> cities = new TreeSet<>();
    TreeSet<String> countries = new TreeSet<>();
    for (Faker f : fakers) {
      // the whole lists where the locale has them; samples add what expressions build
      addList(first, f, "name.first_name", "name.male_first_name", "name.female_first_name");
      addList(last, f, "name.last_name", "name.male_last_name", "name.female_last_name");
      addList(cities, f, "address.city", "address.city_name");
      for (int i = 0; i < 1500; i++) {
        add(first, f.name().firstName());
        add(last, f.name().lastName());
        add(cities, f.address().city());
      }
    }
    Faker en = fakers.get(0);
    addList(countries, en, "address.country");
    write(dir.resolve("first-names.txt"), "Datafaker 2.7.0 name.first_name, locales " + String.join(" ", LOCALES), first);
    write(dir.resolve("last-names.txt"), "Datafaker 2.7.0 name.last_name, locales " + String.join(" ", LOCALES), last);
    write(dir.resolve("cities.txt"), "Datafaker 2.7.0 address.city, locales " + String.join(" ", LOCALES), cities);
    write(dir.resolve("countries.txt"), "Datafaker 2.7.0 address.country (en)", countries);
  }

  /** Adds every plain value of the locale's lists under {@code keys}; expressions are skipped. */
  private static void addList(TreeSet<String> set, Faker f, String... keys) {
    for (String key : keys) {
      Object values;
      try {
        values = f.fakeValuesService().fetchObject(key, f.getContext());
      } catch (RuntimeException e) {
        continue; // the locale has no such list
      }
      if (values instanceof List<?> list) {
        for (Object v : list) {
          if (v instanceof String s && !s.contains("#{")) {
            add(set, s);
          }
        }
      }
    }
  }

  private static void add(TreeSet<String> set, String value) {
    String v = value.strip();
    if (v.length() >= 2 && v.length() <= 40 && v.chars().noneMatch(Character::isDigit)) {
      set.add(v);
    }
  }

  private static void write(Path file, String source, TreeSet<String> values) throws IOException {
    StringBuilder sb = new StringBuilder("# generated by NerTrainer; source: " + source + "\n");
    for (String v : values) {
      sb.append(v).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** Fills templates and labels the filled spans. */
  static final class Generator {
    private final Random random;
    private final List<Faker> fakers;
    private Faker faker;

    Generator(Random random, List<Faker> fakers) {
      this.random = random;
      this.fakers = fakers;
    }

    NameSample sample() {
      faker = fakers.get(random.nextInt(fakers.size()));
      boolean negative = random.nextInt(4) == 0;
      String template = negative
          ? NEGATIVES[random.nextInt(NEGATIVES.length)]
          : TEMPLATES[random.nextInt(TEMPLATES.length)];
      StringBuilder sb = new StringBuilder();
      List<int[]> spans = new ArrayList<>();
      List<String> types = new ArrayList<>();
      if (!negative && random.nextInt(4) == 0) {
        // an entity-free sentence before, so ordinary words are seen next to names
        fill(NEGATIVES[random.nextInt(NEGATIVES.length)], sb, spans, types);
        sb.append(' ');
      }
      fill(template, sb, spans, types);
      String text = noise(sb.toString());
      Tokens tokens = Tokens.of(text);
      List<Span> names = new ArrayList<>();
      for (int k = 0; k < spans.size(); k++) {
        int s = spans.get(k)[0];
        int e = spans.get(k)[1];
        int ts = -1;
        int te = -1;
        for (int t = 0; t < tokens.size; t++) {
          if (tokens.starts[t] >= s && tokens.ends[t] <= e) {
            if (ts < 0) {
              ts = t;
            }
            te = t + 1;
          }
        }
        if (ts >= 0) {
          names.add(new Span(ts, te, types.get(k)));
        }
      }
      return new NameSample(tokens.strings(0, tokens.size), names.toArray(new Span[0]), true);
    }

    private void fill(String template, StringBuilder sb, List<int[]> spans, List<String> types) {
      int i = 0;
      while (i < template.length()) {
        char c = template.charAt(i);
        if (c == '{' && i + 2 < template.length() && template.charAt(i + 2) == '}') {
          char slot = template.charAt(i + 1);
          String type = typeOf(slot);
          String value = fill(slot);
          int start = sb.length();
          sb.append(value);
          if (type != null) {
            spans.add(new int[] {start, sb.length()});
            types.add(type);
          }
          i += 3;
        } else {
          sb.append(c);
          i++;
        }
      }
    }

    private String noise(String s) {
      int r = random.nextInt(20);
      if (r < 2) {
        return s.toLowerCase(Locale.ROOT);
      }
      if (r == 3) {
        return s.toUpperCase(Locale.ROOT);
      }
      if (r == 4 && s.length() > 1) {
        return s.substring(0, s.length() - 1);
      }
      if (r == 5) {
        return "\"" + s + "\"";
      }
      return s;
    }

    private static String typeOf(char slot) {
      return switch (slot) {
        case 'P', 'F', 'L' -> "person";
        case 'C', 'K', 'S', 'A' -> "location";
        case 'O' -> "organization";
        case 'N' -> "nrp";
        default -> null;
      };
    }

    private String fill(char slot) {
      return switch (slot) {
        case 'P' -> person();
        case 'F' -> faker.name().firstName();
        case 'L' -> faker.name().lastName();
        case 'C' -> pick(() -> faker.address().city(), () -> faker.address().cityName(), () -> fakers.get(0).address().city());
        case 'K' -> pick(() -> fakers.get(0).address().country(), () -> fakers.get(0).address().country(), () -> faker.address().country());
        case 'S' -> street();
        case 'A' -> address();
        case 'O' -> org();
        case 'N' -> nrp();
        case 'D' -> pick(() -> "Monday", () -> "last year", () -> Integer.toString(1950 + random.nextInt(75)),
            () -> "March", () -> "the spring");
        case 'J' -> fakers.get(0).job().title();
        case 'X' -> Integer.toString(2 + random.nextInt(90));
        case 'W' -> fakers.get(0).company().bs();
        case '2' -> fakers.get(0).company().catchPhrase().toLowerCase(Locale.ROOT);
        default -> throw new IllegalArgumentException("slot " + slot);
      };
    }

    private String person() {
      return switch (random.nextInt(7)) {
        case 0, 1, 2 -> faker.name().firstName() + " " + faker.name().lastName();
        case 3 -> faker.name().fullName();
        case 4 -> faker.name().firstName() + " " + faker.name().firstName() + " " + faker.name().lastName();
        case 5 -> faker.name().lastName();
        default -> faker.name().firstName();
      };
    }

    private String street() {
      String s = random.nextInt(3) == 0
          ? faker.address().streetAddress() + " " + faker.address().secondaryAddress()
          : faker.address().streetAddress();
      return s;
    }

    private String address() {
      return switch (random.nextInt(5)) {
        case 0 -> faker.address().fullAddress().replace(", ", "\n");
        case 1 -> faker.address().streetAddress() + ", " + faker.address().city() + " " + faker.address().zipCode();
        case 2 -> faker.address().streetAddress() + "\n" + faker.address().city() + ", " + faker.address().stateAbbr() + " " + faker.address().zipCode();
        case 3 -> faker.address().streetAddress() + " " + faker.address().secondaryAddress() + "\n"
            + faker.address().city() + "\n" + fakers.get(0).address().country() + " " + faker.address().zipCode();
        default -> faker.address().fullAddress();
      };
    }

    private String org() {
      String name = faker.company().name();
      return random.nextInt(6) == 0 ? name.toLowerCase(Locale.ROOT) : name;
    }

    private String nrp() {
      return switch (random.nextInt(4)) {
        case 0, 1 -> fakers.get(0).nation().nationality();
        case 2 -> RELIGIONS[random.nextInt(RELIGIONS.length)];
        default -> POLITICAL[random.nextInt(POLITICAL.length)];
      };
    }

    @SafeVarargs
    private String pick(Supplier<String>... options) {
      return options[random.nextInt(options.length)].get();
    }
  }

  static final String[] RELIGIONS = {
    "Christian", "Catholic", "Protestant", "Muslim", "Jewish", "Hindu", "Buddhist", "Sikh",
    "Orthodox", "Lutheran", "Methodist", "Baptist", "Mormon", "Shia", "Sunni", "Evangelical",
    "Anglican", "Jain", "Taoist", "atheist"
  };

  static final String[] POLITICAL = {
    "Democrat", "Republican", "Socialist", "Conservative", "Liberal", "Labour", "Green",
    "Communist", "Libertarian", "Tory", "Social Democrat", "Christian Democrat"
  };

  static List<String> shuffled(List<String> in, Random random) {
    List<String> copy = new ArrayList<>(in);
    Collections.shuffle(copy, random);
    return copy;
  }
}
