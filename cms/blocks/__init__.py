"""StreamField blocks editors compose dashboard and report pages with."""

from wagtail import blocks

from .figures import CarteBlock, ChiffreCleBlock, GraphiqueBlock

FEATURES_TEXTE = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class CorpsBlock(blocks.StreamBlock):
    """The body of a report, dashboard or engagement page."""

    texte = blocks.RichTextBlock(features=FEATURES_TEXTE, label="Texte")
    chiffre_cle = ChiffreCleBlock()
    graphique = GraphiqueBlock()
    carte = CarteBlock()


def a_des_graphiques(corps):
    """Whether a body holds a chart with data, i.e. whether the page must load plotly.js."""
    return any(
        child.block_type == "graphique" and not child.block.chart(child.value).vide
        for child in corps
    )


__all__ = ["CarteBlock", "ChiffreCleBlock", "CorpsBlock", "GraphiqueBlock", "a_des_graphiques"]
