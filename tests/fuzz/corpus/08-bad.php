<?php
#[Attr]
$plugin->version = 08;
$x = "$y {$z}";
$$a = ${'b'};
