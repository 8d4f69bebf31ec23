"""Taking the graph elsewhere: dumps in every common RDF format, and pushes into SPARQL 1.1 stores.

``dumps``    the built dataset -> a folder of downloadable files with a VoID/DCAT description
``push``     atomic, verified replacement of a named graph in a remote store (shared retry logic)
``gsp``      the Graph Store HTTP Protocol transport (httpx)
``update``   the SPARQL 1.1 Query/Update transport (SPARQLWrapper)
"""
