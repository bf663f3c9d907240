using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Gongzhi.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RegistryPeople : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "households",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Room = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    HeadPersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_households", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "registry_secrets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Protected = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_secrets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "registry_tags",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_registry_tags", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Gender = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IdNumberCipher = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    IdNumberHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    IdNumberMasked = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    IdNumberLast4 = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    PhoneCipher = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    PhoneMasked = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    PhoneTail = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    HouseholdId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Residence = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Political = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_people", x => x.Id);
                    table.ForeignKey(
                        name: "FK_people_households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.InsertData(
                table: "registry_tags",
                columns: new[] { "Code", "Name", "NameEn", "Order" },
                values: new object[,]
                {
                    { "低保", "低保", "Minimum living allowance", 5 },
                    { "困难家庭", "困难家庭", "Family in difficulty", 3 },
                    { "残疾人", "残疾人", "Person with disability", 4 },
                    { "独居老人", "独居老人", "Elderly living alone", 1 },
                    { "留守儿童", "留守儿童", "Left-behind child", 6 },
                    { "空巢老人", "空巢老人", "Empty-nest elderly", 2 },
                    { "退役军人", "退役军人", "Veteran", 7 },
                    { "重点关注", "重点关注", "Needs attention", 8 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_households_AreaCode_Room",
                table: "households",
                columns: new[] { "AreaCode", "Room" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_people_AreaCode_Name",
                table: "people",
                columns: new[] { "AreaCode", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_people_HouseholdId",
                table: "people",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_people_IdNumberHash",
                table: "people",
                column: "IdNumberHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_people_IdNumberLast4",
                table: "people",
                column: "IdNumberLast4");

            migrationBuilder.CreateIndex(
                name: "IX_people_PhoneTail",
                table: "people",
                column: "PhoneTail");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "registry_secrets");

            migrationBuilder.DropTable(
                name: "registry_tags");

            migrationBuilder.DropTable(
                name: "households");
        }
    }
}
