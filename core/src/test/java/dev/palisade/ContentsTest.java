package dev.palisade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.palisade.Piece.Kind;
import dev.palisade.detect.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentsTest {

  static final String IMAGE = "https://example.com/cat.png";

  ChatRequest request() {
    return ChatRequest.builder().messages(
        SystemMessage.from("You are helpful."),
        UserMessage.from(TextContent.from("look at this"), ImageContent.from(IMAGE)),
        AiMessage.builder().text("calling").thinking("hmm")
            .toolExecutionRequests(List.of(ToolExecutionRequest.builder().id("1").name("t").arguments("{\"a\":1}").build()))
            .build(),
        ToolExecutionResultMessage.from("1", "t", "tool says hi"),
        UserMessage.from("question\n\nAnswer using the following information:\nretrieved doc"),
        Contents.document("a marked document"))
        .build();
  }

  @Test
  void everyTextIsAPieceWithItsChannel() {
    List<Piece> pieces = Contents.of(request());
    assertThat(pieces).extracting(p -> p.channel() + "/" + p.kind() + "/" + p.messageIndex() + "/" + p.text())
        .containsExactly(
            "SYSTEM/TEXT/0/You are helpful.",
            "USER/TEXT/1/look at this",
            "OUTPUT/TEXT/2/calling",
            "OUTPUT/THINKING/2/hmm",
            "OUTPUT/TOOL_ARGUMENTS/2/{\"a\":1}",
            "TOOL/TEXT/3/tool says hi",
            "USER/TEXT/4/question",
            "DOCUMENT/TEXT/4/retrieved doc",
            "DOCUMENT/TEXT/5/a marked document");
    assertThat(pieces).extracting(Piece::ordinal).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void rewriteReplacesTextsAndKeepsEverythingElse() {
    ChatRequest original = request();
    ChatRequest rewritten = Contents.rewrite(original, p -> p.text().toUpperCase());
    List<Piece> pieces = Contents.of(rewritten);
    assertThat(pieces).allSatisfy(p -> assertThat(p.text()).isEqualTo(p.text().toUpperCase()));
    UserMessage multimodal = (UserMessage) rewritten.messages().get(1);
    assertThat(multimodal.contents()).hasSize(2);
    assertThat(((ImageContent) multimodal.contents().get(1)).image().url()).hasToString(IMAGE);
    UserMessage rag = (UserMessage) rewritten.messages().get(4);
    assertThat(rag.singleText()).isEqualTo("QUESTION\n\nAnswer using the following information:\nRETRIEVED DOC");
    assertThat(rewritten.messages().get(5).type()).isEqualTo(original.messages().get(5).type());
    assertThat(Contents.of(rewritten).get(8).channel()).isEqualTo(Channel.DOCUMENT);
  }

  @Test
  void unchangedRequestIsTheSameInstance() {
    ChatRequest r = request();
    assertThat(Contents.rewrite(r, Piece::text)).isSameAs(r);
  }

  @Test
  void pieceToStringOmitsText() {
    Piece p = new Piece(Channel.USER, Kind.TEXT, 0, 0, "jane@example.com");
    assertThat(p.toString()).doesNotContain("jane");
  }
}
