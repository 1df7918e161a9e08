"""The 2019 trial and 2021 national templates: one module per table (table2 proactive disclosure,
table3 requests, table4 review and litigation), the rows they are read from (grid or text), and run-on
text anchored on the labels (runon, joined). `document.parse_template` reads a whole report."""
