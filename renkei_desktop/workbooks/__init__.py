"""Reading returned workbooks: find the files, open them safely, extract the codebook's cells."""
