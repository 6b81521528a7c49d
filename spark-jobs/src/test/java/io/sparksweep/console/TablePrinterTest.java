package io.sparksweep.console;

import io.sparksweep.data.TableSummary.ColumnLine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TablePrinterTest {

    /** 64 alike pixel columns are one line; the label and a lone text column keep their own. */
    @Test
    void aRunOfAlikeColumnsIsOneLineAndTheOthersStay() {
        List<ColumnLine> columns = new ArrayList<>();
        columns.add(new ColumnLine("digit", "label (int)", "10 classes"));
        for (int i = 0; i < 64; i++) {
            columns.add(new ColumnLine("p" + i, "numeric", "z-scored"));
        }
        columns.add(new ColumnLine("city", "text", "one-hot, 6 categories"));
        columns.add(new ColumnLine("age", "numeric", "z-scored"));

        List<String[]> lines = TablePrinter.columnLines(columns);

        assertEquals(4, lines.size());
        assertArrayEquals(new String[] {"digit", "label (int)", "10 classes"}, lines.get(0));
        assertArrayEquals(new String[] {"p0 ... p63 (64 columns)", "numeric", "z-scored"}, lines.get(1));
        assertArrayEquals(new String[] {"city", "text", "one-hot, 6 categories"}, lines.get(2));
        assertArrayEquals(new String[] {"age", "numeric", "z-scored"}, lines.get(3));
    }

    /** Four alike columns are still listed one by one: a short table reads better in full. */
    @Test
    void aShortRunIsListedInFull() {
        List<ColumnLine> columns = new ArrayList<>();
        for (int i = 0; i < TablePrinter.RUN - 1; i++) {
            columns.add(new ColumnLine("x" + i, "numeric", "z-scored"));
        }
        assertEquals(TablePrinter.RUN - 1, TablePrinter.columnLines(columns).size());
    }
}
