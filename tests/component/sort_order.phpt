--TEST--
Folder entries are ordered as PHP's sort() orders them, numeric and non-transitive names included
--EXTENSIONS--
upgrade
--FILE--
<?php
require __DIR__ . '/../_vectors.inc';
// Moodle's own rule, in PHP: scandir() + sort() + hash_file() of non-folders.
function moodle_dir_hash(string $dir): string
{
    $scan = scandir($dir);
    sort($scan);
    $list = [];
    foreach ($scan as $f) {
        if (!is_dir("$dir/$f")) {
            $list[] = @hash_file('sha1', "$dir/$f");
        }
    }
    return sha1(serialize($list));
}
$root = sys_get_temp_dir() . '/upgrade-sort-' . getmypid();
upg_test_rmtree($root);
// "9" < "1e1" (numbers), "1e1" < "1f" (bytes), "1f" < "9" (bytes): a cycle.
$sets = [
    'cycle' => ['9', '1e1', '1f', '10', '010', '1e1x', '09'],
    'spaces' => [' 7', '7 ', '7', '07', '+7', '-7', '.7', '7.0', '0x7', 'seven'],
    'many' => array_map('strval', range(0, 40)),
    'mixed' => ['a', '10', '9', 'b', '2.5', '1e1', 'Z', '_x', '.hidden', 'install.xml', 'access.php'],
];
foreach ($sets as $name => $files) {
    $dir = "$root/$name";
    mkdir($dir, 0777, true);
    foreach ($files as $i => $f) {
        file_put_contents("$dir/$f", "content $i of $name\n");
    }
    mkdir("$dir/55");   // a folder among them: skipped, but sorted with the rest
    $ours = upgrade_directory_hashes([$dir])[$dir];
    echo $name, ": ", $ours === moodle_dir_hash($dir) ? "same as PHP" : "DIFFERENT", "\n";
}
// Shuffled creation order must not matter either (scandir() sorts first).
$dir = "$root/shuffled";
mkdir($dir);
foreach (array_reverse($sets['cycle']) as $f) {
    file_put_contents("$dir/$f", "x\n");
}
echo "shuffled: ", upgrade_directory_hashes([$dir])[$dir] === moodle_dir_hash($dir) ? "same as PHP" : "DIFFERENT", "\n";
upg_test_rmtree($root);
?>
--EXPECT--
cycle: same as PHP
spaces: same as PHP
many: same as PHP
mixed: same as PHP
shuffled: same as PHP
