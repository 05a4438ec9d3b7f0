package loquet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import loquet.db.schema.DefaultSchema;
import org.jooq.ForeignKey;
import org.jooq.Table;
import org.junit.jupiter.api.Test;

/** A restore empties and fills the tables in this order: a table left out would silently not come back. */
class TableOrderTest {

    @Test
    void namesEveryTableOfTheGeneratedSchemaOnce() {
        assertThat(names(TableOrder.PARENTS_FIRST))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(names(DefaultSchema.DEFAULT_SCHEMA.getTables()));
    }

    @Test
    void everyTableComesAfterTheTablesItsForeignKeysPointTo() {
        List<String> order = names(TableOrder.PARENTS_FIRST);
        for (Table<?> table : TableOrder.PARENTS_FIRST) {
            for (ForeignKey<?, ?> key : table.getReferences()) {
                assertThat(order.indexOf(key.getKey().getTable().getName()))
                        .as(table.getName() + " points to " + key.getKey().getTable().getName())
                        .isLessThan(order.indexOf(table.getName()));
            }
        }
    }

    private static List<String> names(List<? extends Table<?>> tables) {
        return tables.stream().map(Table::getName).toList();
    }
}
