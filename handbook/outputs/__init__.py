"""Files for phones and spreadsheets: contacts as vCard and CSV, and the wallet card's page."""
