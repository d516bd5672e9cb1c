package io.effnetspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;
import io.effnetspark.TestPaths;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A card template's FILL_IN values: named and refused, wherever they sit; other cards pass untouched. */
class CardPlaceholdersTest {

  @Test
  void everyPlaceholderIsNamedByItsKey() {
    String card = "{\"name\": \"m\", \"input\": {\"shape\": [-1, 3, 8, \"FILL_IN: W\"]}, \"preprocessing\": "
        + "{\"color\": \"FILL_IN: RGB or BGR\", \"mean\": \"FILL_IN\", \"note\": \"replace each FILL_IN value\"}}";
    assertEquals(List.of("input.shape[3]", "preprocessing.color", "preprocessing.mean"),
        CardPlaceholders.unfilledKeys(JsonParser.parseString(card)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelCard.parse(card, "dir/model-card.json"));
    assertEquals("dir/model-card.json: an unfilled card template: replace the FILL_IN values of input.shape[3], "
        + "preprocessing.color, preprocessing.mean (README \"Bring your own EfficientNet\")", e.getMessage());
  }

  @Test
  void theShippedCardHasNone() throws Exception {
    String card = Files.readString(TestPaths.MODEL_DIR.resolve(ModelCard.FILE_NAME));
    CardPlaceholders.rejectUnfilled(card, "shipped");
    assertEquals(List.of(), CardPlaceholders.unfilledKeys(JsonParser.parseString(card)));
  }
}
