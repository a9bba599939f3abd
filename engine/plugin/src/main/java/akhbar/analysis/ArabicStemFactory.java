package akhbar.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** {@code arabic_stem}: Lucene's light Arabic stemmer (ArabicStemFilter). */
@NamedComponent("arabic_stem")
public class ArabicStemFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream in) {
        return new ArabicStemFilter(in);
    }
}
