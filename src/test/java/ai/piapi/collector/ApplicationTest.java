package ai.piapi.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApplicationTest {

    @Test
    void theJarNamesEveryRouteFileOfTheRoutesFolder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")))
                    .containsExactlyInAnyOrderElementsOf(Application.PACKED_ROUTES);
        }
        for (String name : Application.PACKED_ROUTES) {
            assertThat(Application.class.getResource("/routes/" + name)).as(name).isNotNull();
        }
    }

    @Test
    void routesComeFromTheWorkingFolderWhenItHasThem() {
        assertThat(Application.routesLocation()).isEqualTo("file:routes/*.camel.yaml"); // tests run in the project folder
    }
}
