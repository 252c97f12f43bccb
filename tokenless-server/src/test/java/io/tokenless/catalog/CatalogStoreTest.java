package io.tokenless.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.config.CatalogConfig;
import io.tokenless.db.Database;
import io.tokenless.config.DatabaseConfig;
import io.tokenless.error.BadRequestException;
import io.tokenless.error.NotFoundException;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogStoreTest {
  private Database database;
  private CatalogStore store;

  @BeforeAll
  void migrate(TestDatabase db) {
    database = Database.open(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 2));
    database.migrate();
    store = new CatalogStore(Jdbi.create(database.dataSource()));
  }

  @AfterAll
  void close() {
    database.close();
  }

  @Test
  void seeding_createsServicesOnce_andFollowsAChangedUrl() {
    CatalogSeeder seeder = new CatalogSeeder(store);
    seeder.seed(CatalogConfig.identityOnly(URI.create("http://localhost:5000")));
    seeder.seed(CatalogConfig.identityOnly(URI.create("http://localhost:6000")));

    List<CatalogService> identity = store.listServices(Optional.of("identity"), Optional.empty());
    assertThat(identity).singleElement().satisfies(service -> {
      assertThat(service.name()).isEqualTo("keystone");
      assertThat(service.endpoints()).singleElement().satisfies(endpoint -> {
        assertThat(endpoint.url()).isEqualTo("http://localhost:6000/v3");
        assertThat(endpoint.regionId()).isEqualTo("RegionOne");
      });
    });
  }

  @Test
  void disabledEndpoint_isLeftOutOfTheTokenCatalog() {
    CatalogService compute = store.createService(Optional.empty(), "compute", "nova", "", true);
    CatalogEndpoint endpoint = store.createEndpoint(Optional.empty(), compute.id(), "public", "RegionOne",
        "http://compute:8774/v2.1", true);
    assertThat(store.enabledCatalog()).anySatisfy(s -> assertThat(s.endpoints()).contains(endpoint));

    store.updateEndpoint(endpoint.id(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false));

    assertThat(store.enabledCatalog()).filteredOn(s -> s.id().equals(compute.id()))
        .singleElement().satisfies(s -> assertThat(s.endpoints()).isEmpty());
  }

  @Test
  void endpointWithUnknownInterface_isABadRequest() {
    CatalogService image = store.createService(Optional.empty(), "image", "glance", "", true);

    assertThatThrownBy(() -> store.createEndpoint(Optional.empty(), image.id(), "private", null, "http://x", true))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void deletingAnUnknownService_isNotFound() {
    assertThatThrownBy(() -> store.deleteService("0123456789abcdef0123456789abcdef"))
        .isInstanceOf(NotFoundException.class);
  }
}
