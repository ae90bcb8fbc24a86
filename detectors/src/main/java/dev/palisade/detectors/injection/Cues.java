package dev.palisade.detectors.injection;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The semantic layer's pre-filter: a weighted lexicon of words that instructions aimed at an
 * assistant use (second person, imperative task verbs, words about prompts, rules and personas) in
 * the nine rule languages. It decides which windows are worth a model call; it never flags alone.
 *
 * <h2>Thread safety</h2>
 * Immutable.
 */
final class Cues {

  /** Documents: a sentence needs at least this much cue weight to be embedded. */
  static final double MIN_DOCUMENT_CUES = 1.0;

  private static final Map<String, Double> WORDS = new HashMap<>();
  /** Words that, first in a sentence, make it an order. */
  private static final Map<String, Double> LEADING = new HashMap<>();
  private static final String[] CJK = {"你", "您", "请", "忽略", "指令", "回答", "扮演", "あなた", "指示", "無視", "ください", "答え"};

  static {
    words(0.5, "you", "your", "yours", "yourself", "you're", "please", "du", "dein", "deine", "deinen", "dir",
        "dich", "bitte", "tu", "ton", "ta", "tes", "vous", "votre", "tú", "tus", "usted", "tuo", "tua", "tuoi",
        "você", "voce", "seu", "sua", "ты", "тебя", "твой", "твои", "вы", "ваш", "пожалуйста");
    words(1.5, "assistant", "ai", "chatgpt", "gpt", "llm", "bot", "chatbot", "ignore", "disregard", "forget",
        "instead", "instruction", "instructions", "prompt", "rules", "pretend", "roleplay", "simulate",
        "character", "persona", "mode", "unrestricted", "uncensored", "unfiltered", "filter", "filters",
        "restrictions", "jailbreak", "never", "always", "must", "answer", "respond", "reply", "response",
        "responses", "summary", "summarize", "translate", "output", "repeat", "reveal", "anweisungen",
        "ignoriere", "vergiss", "antworte", "antwort", "oublie", "réponds", "réponse", "instrucciones",
        "ignora", "olvida", "responde", "respuesta", "istruzioni", "dimentica", "rispondi", "risposta",
        "instruções", "esqueça", "responda", "resposta", "игнорируй", "забудь", "инструкции", "ответь",
        "отвечай", "ответ", "code", "snippet", "excerpt", "subsequent", "following", "solution", "algorithm",
        "codebase", "reply", "answer");
    lead(2.0, "write", "tell", "say", "print", "include", "insert", "add", "append", "send", "forward",
        "translate", "summarize", "generate", "create", "list", "explain", "describe", "provide", "give",
        "act", "imagine", "answer", "respond", "reply", "ignore", "forget", "disregard", "compose", "draft",
        "recommend", "suggest", "calculate", "solve", "rewrite", "convert", "replace", "what", "who", "how",
        "why", "when", "where", "can", "could", "schreibe", "schreib", "sag", "übersetze", "erkläre",
        "écris", "dis", "traduis", "explique", "escribe", "di", "traduce", "explica", "scrivi", "dimmi",
        "traduci", "spiega", "escreva", "diga", "traduza", "explique", "напиши", "скажи", "переведи",
        "объясни", "расскажи", "integrate", "incorporate", "modify", "augment", "enhance", "blend", "weave",
        "inject", "embed", "leverage", "utilize", "utilise", "deploy", "enlist", "execute", "ensure", "merge",
        "combine", "use", "run", "apply", "implement", "break", "define", "compare", "outline", "mention",
        "highlight", "emphasize", "remind", "encourage", "invite", "promote", "share", "do", "don't", "make",
        "show", "visit", "click", "go", "in", "please", "fuge", "füge", "ajoute", "añade", "aggiungi",
        "adicione", "добавь", "请", "在");
  }

  private Cues() {}

  /** Words are folded, and so is each word of the text looked up: accents may be written or not. */
  private static void words(double weight, String... ws) {
    for (String w : ws) {
      WORDS.put(Normalizer.foldPatternLiteral(w), weight);
    }
  }

  private static void lead(double weight, String... ws) {
    for (String w : ws) {
      LEADING.put(Normalizer.foldPatternLiteral(w), weight);
    }
  }

  /**
   * Cue weight (rounded to an int, times 2) and word count of {@code text[start, end)}:
   * {@code [cues, words]}. Only the first 64 words are looked at, so the cost is bounded.
   */
  static int[] count(String text, int start, int end) {
    double cues = 0;
    int words = 0;
    int i = start;
    boolean first = true;
    while (i < end && words < 64) {
      char c = text.charAt(i);
      if (!Character.isLetter(c)) {
        i++;
        continue;
      }
      int j = i;
      while (j < end && (Character.isLetter(text.charAt(j)) || text.charAt(j) == '\'')) {
        j++;
      }
      if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
          || Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
          || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA) {
        String run = text.substring(i, j);
        for (String cue : CJK) {
          if (run.contains(cue)) {
            cues += 1.5;
          }
        }
        words += Math.max(1, (j - i) / 2);
      } else if (j - i <= 16) {
        String w = Normalizer.foldPatternLiteral(text.substring(i, j).toLowerCase(Locale.ROOT));
        Double lead = first ? LEADING.get(w) : null;
        cues += lead != null ? lead : WORDS.getOrDefault(w, 0.0);
        words++;
      } else {
        words++;
      }
      first = false;
      i = j;
    }
    return new int[] {(int) Math.round(cues * 2), words};
  }
}
