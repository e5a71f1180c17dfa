package org.lamina.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ShownJsonTest {

    @Test
    void showsShortValuesAsJsonAndCutsLongOnes() {
        assertEquals("[\"a\",null,{\"b\":1.5}]", ShownJson.of(JsonParser.parseString("[\"a\", null, {\"b\": 1.5}]")));
        assertEquals("\"<=>\"", ShownJson.of(JsonParser.parseString("\"<=>\"")));
        String longer = "[" + "1,".repeat(100) + "1]";
        assertEquals(longer.substring(0, 77) + "...", ShownJson.of(JsonParser.parseString(longer)));
        String exactly = "\"" + "x".repeat(78) + "\"";
        assertEquals(exactly, ShownJson.of(JsonParser.parseString(exactly)));
    }

    /** 200,000 nested arrays (400 KB) parse without recursion, but their toString() overflows the stack. */
    @Test
    void aDeeplyNestedValueIsShownWithoutWritingItWhole() {
        int depth = 200_000;
        var deep = JsonParser.parseString("[".repeat(depth) + "]".repeat(depth));
        assertEquals("[".repeat(77) + "...", ShownJson.of(deep));
    }
}
