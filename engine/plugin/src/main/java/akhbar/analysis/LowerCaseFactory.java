package akhbar.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** {@code lowercase}: Lucene's LowerCaseFilter (for Latin names inside Arabic text). */
@NamedComponent("lowercase")
public class LowerCaseFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream in) {
        return new LowerCaseFilter(in);
    }

    @Override
    public TokenStream normalize(TokenStream in) {
        return create(in);
    }
}
