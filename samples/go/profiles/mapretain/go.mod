module heaplens.example/mapretain

go 1.19
