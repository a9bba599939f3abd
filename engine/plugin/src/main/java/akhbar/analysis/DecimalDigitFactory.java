package akhbar.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** {@code decimal_digit}: Lucene's DecimalDigitFilter (Arabic-Indic and other Unicode digits to 0-9). */
@NamedComponent("decimal_digit")
public class DecimalDigitFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream in) {
        return new DecimalDigitFilter(in);
    }

    @Override
    public TokenStream normalize(TokenStream in) {
        return create(in);
    }
}
