// n8n loads the nodes and credentials listed in package.json ("n8n" field); nothing to export here.
