<?php
$plugin->version = 1_000_000;
$plugin->version += 1;
$plugin->version++;
foo();
