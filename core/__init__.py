"""The bottom layer: words, numbers, limits, problems, disclosure rules and file
writing, shared by every other package and importing none of them."""
