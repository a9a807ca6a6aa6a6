package dev.seqconv.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.seqconv.datasets.DatasetCache;
import dev.seqconv.models.ChapterModels;

/**
 * The application's wiring, offered to embedders: the model registry, the dataset cache (configured by
 * {@code seqconv.cache.dir} / {@code SEQCONV_CACHE_DIR} and offline mode) and the backend choice. Override a
 * binding with {@code Modules.override(new SeqconvModule()).with(...)}.
 */
public class SeqconvModule extends AbstractModule {

    @Provides
    @Singleton
    ChapterModels models() {
        return new ChapterModels();
    }

    @Provides
    @Singleton
    DatasetCache cache() {
        return DatasetCache.fromEnvironment();
    }

    @Provides
    @Singleton
    BackendChooser backends() {
        return new BackendChooser();
    }
}
