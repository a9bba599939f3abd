package akhbar.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** {@code arabic_normalization}: Lucene's ArabicNormalizationFilter (hamza/alef, teh marbuta, alef maksura, tashkeel, tatweel). */
@NamedComponent("arabic_normalization")
public class ArabicNormalizationFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream in) {
        return new ArabicNormalizationFilter(in);
    }

    @Override
    public TokenStream normalize(TokenStream in) {
        return create(in);
    }
}
